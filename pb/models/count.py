"""A count of one budget's ballots: the rule, the tie-break and the tally engine's outcome
as JSON. Staff may run it several times while reviewing; publishing marks the latest one."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.extensions import db
from pb.models.cycle import Budget
from pb.models.types import utcnow


class Count(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    tie_break: Mapped[str] = mapped_column(String(20))
    ballots: Mapped[int]
    outcome: Mapped[str] = mapped_column(Text)  # Outcome.to_json()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime | None]

    budget: Mapped[Budget] = relationship()

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.outcome)

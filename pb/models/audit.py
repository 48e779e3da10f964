"""The audit log of what staff and delegates change: actor, time, action, target, details."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.extensions import db
from pb.models.people import User
from pb.models.types import utcnow


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(80))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")

    actor: Mapped[User | None] = relationship()

    @property
    def details_dict(self) -> dict[str, Any]:
        return json.loads(self.details or "{}")


def record(actor: User | None, action: str, target: str = "", **details: Any) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller's service commits it)."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        action=action,
        target=target,
        details=json.dumps(details, default=str, sort_keys=True),
    )
    db.session.add(entry)
    return entry

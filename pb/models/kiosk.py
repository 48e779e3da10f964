"""Kiosks: shared devices staff enrolled for one cycle at one place. The device keeps a random
token in a cookie of its own; the server keeps only the token's SHA-256. A ballot cast at a kiosk
records the channel "kiosk" inside its envelope and nothing about the place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db
from pb.models.types import utcnow


class Kiosk(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    location: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    revoked_at: Mapped[datetime | None]
    # Staff may unlock a "new voter" button here to give a checked resident a one-time code.
    allow_new_voters: Mapped[bool] = mapped_column(default=False)

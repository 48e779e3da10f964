"""Server-side records that make staff sign-in revocable and throttled: one row per signed-in
browser (its cookie carries only a random token, the row its hash), and failed-login counters
per account and per address, shared by every worker and machine on the same database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db
from pb.models.types import utcnow


class StaffSession(db.Model):
    # sha256 of the cookie's token: a database reader cannot sign in with what it reads.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginThrottle(db.Model):
    # sha256 of "account:<email>" or "address:<ip>", so that typed junk is not stored as such.
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(default=None)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)

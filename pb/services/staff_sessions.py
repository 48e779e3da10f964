"""Staff sign-ins kept on the server, so that they can be ended: the browser's signed cookie
holds a random token, the server the token's SHA-256 and when the sign-in began. Signing out,
changing the password and an admin's "sign out everywhere" delete rows; a saved copy of the
cookie then opens nothing. The absolute limit is checked here against the row; the idle limit
against the time of the last page, which the web layer keeps in the signed cookie (so that
reading a page never writes to the database)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from pb.extensions import db
from pb.models.audit import record
from pb.models.people import User
from pb.models.security import StaffSession
from pb.models.types import utcnow
from pb.services.errors import transaction


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, max_age: timedelta, now: datetime | None = None) -> str:
    """A new sign-in for `user`; returns the token the browser keeps."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with transaction():
        db.session.execute(
            delete(StaffSession).where(
                StaffSession.user_id == user.id, StaffSession.created_at < now - max_age
            )
        )
        db.session.add(StaffSession(token_hash=_digest(token), user_id=user.id, created_at=now))
    return token


def user_for(token: str, max_age: timedelta, now: datetime | None = None) -> User | None:
    """The active account this token signed in, unless the sign-in ended or is too old."""
    now = now or utcnow()
    row = db.session.execute(
        select(User, StaffSession.created_at)
        .join(StaffSession, StaffSession.user_id == User.id)
        .where(StaffSession.token_hash == _digest(token))
    ).first()
    if row is None or row.created_at < now - max_age or not row.User.active:
        return None
    return row.User


def end(token: str) -> None:
    with transaction():
        db.session.execute(delete(StaffSession).where(StaffSession.token_hash == _digest(token)))


def end_all(actor: User | None, user: User) -> int:
    """Sign `user` out on every browser; returns how many sign-ins ended."""
    with transaction():
        ended = db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
        record(actor, "user.sign_out_everywhere", f"user:{user.id}", sessions=ended.rowcount)
    return ended.rowcount

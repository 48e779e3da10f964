"""A voter's code, remembered on one device between pages, without the device holding it.

The browser keeps a random token (and when it was last used); the server keeps the token's
SHA-256 next to the code, so the cookie says nothing about which code it is, and ending the
session on the server ("I am done", the last budget, inactivity, the absolute limit) makes a
saved copy of the cookie worthless.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, insert

from pb.extensions import db
from pb.models import VoterCode
from pb.models.envelope import VoterSession
from pb.services.codes import Code, code_from_row, code_query

MAX_AGE = timedelta(hours=1)  # a sign-in lasts at most this long, however busy


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_BY_TOKEN = (
    code_query()
    .add_columns(VoterSession.expires_at)
    .join(VoterSession, VoterSession.code_id == VoterCode.id)
    .where(VoterSession.token_hash == bindparam("digest"))
)
_INSERT = insert(VoterSession)
_END = delete(VoterSession).where(VoterSession.token_hash == bindparam("digest"))
_PURGE = delete(VoterSession).where(VoterSession.expires_at < bindparam("now"))


def start(cycle_id: int, code_id: int, now: datetime) -> str:
    """A new session for the code; the caller's transaction commits it. Returns the token the
    device keeps."""
    token = secrets.token_urlsafe(32)
    conn = db.session.connection()
    conn.execute(_PURGE, {"now": now})
    conn.execute(
        _INSERT,
        {
            "token_hash": _digest(token),
            "cycle_id": cycle_id,
            "code_id": code_id,
            "expires_at": now + MAX_AGE,
        },
    )
    return token


def code_of(
    cycle_id: int,
    token: str | None,
    last_seen: float | None,
    now: datetime,
    idle: timedelta,
) -> Code | None:
    """The session's code if the session lives (not ended, not idle for longer than `idle`, not
    past its absolute limit) and the code is still an active code of the cycle."""
    if not token or last_seen is None:
        return None
    if now.replace(tzinfo=UTC).timestamp() - last_seen > idle.total_seconds():
        return None
    row = db.session.connection().execute(_BY_TOKEN, {"digest": _digest(token)}).first()
    if row is None or row[-1] <= now:
        return None
    code = code_from_row(row[:-1])
    if code is None or code.cycle_id != cycle_id or not code.active:
        return None
    return code


def end(token: str | None) -> None:
    """Forget the session on the server (in the caller's transaction)."""
    if token:
        db.session.connection().execute(_END, {"digest": _digest(token)})

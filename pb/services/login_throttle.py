"""Failed staff sign-ins counted per account and per address in the database (so every worker
and app machine sees the same counts), with a delay that doubles after each failure past a few.
Unknown accounts are counted exactly like known ones, so the answers do not tell them apart."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pb.extensions import db
from pb.models.security import LoginThrottle
from pb.models.types import utcnow
from pb.services.errors import transaction


@dataclass(frozen=True)
class Policy:
    account_free: int = 5  # failures per account before delays begin
    address_free: int = 20  # failures per address before delays begin
    max_delay: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=24)  # a quiet day wipes the slate


def _keys(email: str, address: str) -> dict[str, str]:
    def h(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    return {"account": h("account:" + email.strip().lower()), "address": h("address:" + address)}


def wait_seconds(email: str, address: str, now: datetime | None = None) -> int:
    """How long this account or address must wait before the next try (0: may try now)."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(LoginThrottle.blocked_until).where(
            LoginThrottle.key_hash.in_(_keys(email, address).values()),
            LoginThrottle.blocked_until > now,
        )
    ).all()
    return max((int((until - now).total_seconds()) + 1 for until in rows), default=0)


def failed(email: str, address: str, policy: Policy, now: datetime | None = None) -> None:
    now = now or utcnow()
    free = {"account": policy.account_free, "address": policy.address_free}
    for attempt in range(2):
        try:
            _count(email, address, policy, now, free)
            return
        except IntegrityError:  # a parallel failure made the same new row first: count again
            if attempt:
                raise


def _count(email: str, address: str, policy: Policy, now: datetime, free: dict[str, int]) -> None:
    with transaction():
        for kind, key in _keys(email, address).items():
            row = db.session.get(LoginThrottle, key, with_for_update=True)
            if row is None:
                row = LoginThrottle(key_hash=key, failures=0)
                db.session.add(row)
            elif row.last_failure_at < now - policy.forget_after:
                row.failures = 0
            row.failures += 1
            row.last_failure_at = now
            over = row.failures - free[kind]
            if over > 0:
                delay = min(timedelta(seconds=2 ** min(over, 20)), policy.max_delay)
                row.blocked_until = now + delay


def succeeded(email: str) -> None:
    """A right password clears the account's count (not the address's)."""
    with transaction():
        row = db.session.get(LoginThrottle, _keys(email, "")["account"])
        if row is not None:
            db.session.delete(row)

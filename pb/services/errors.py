"""What a use case raises when it refuses: nothing was changed, and the message says why in
words for the person in front of the screen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pb.extensions import db


class Refused(Exception):
    def __init__(self, message: str, field: str | None = None):
        self.message = message
        self.field = field  # the form field the message belongs next to, if any
        super().__init__(message)


class Conflict(Refused):
    """Refused because of the state things are in (the ballot is frozen since voting opened, a
    proposal is on the ballot already or not reviewed yet), not because of what was typed."""


@contextmanager
def transaction() -> Iterator[None]:
    """Commit on success; roll back on any exception and re-raise it."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise

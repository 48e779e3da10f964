"""What a use case raises when it refuses: nothing was changed, and the message says why in
words for the person in front of the screen. Views branch on the type, never on the words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from pb.domain.text import Text
from pb.extensions import db


def said(text: Text) -> str:
    """A domain Text in the request's language, for a refusal's message (a plain string)."""
    from pb.services.wording import translate

    return translate(text)


class Refused(Exception):
    def __init__(self, message: str, field: str | None = None):
        self.message = message
        self.field = field  # the form field the message belongs next to, if any
        super().__init__(message)


class Conflict(Refused):
    """Refused because of the state things are in (the ballot is frozen since voting opened, a
    proposal is on the ballot already or not reviewed yet), not because of what was typed."""


# --- the vote ---------------------------------------------------------------------------------


class VotingClosed(Conflict):
    """There is no such vote, or it is not in its voting phase."""


class CodeUnknown(Refused):
    """What was typed is not a code, or not one of this cycle."""


class CodeCancelled(Refused):
    """The code was voided by staff."""


class CodeRequired(Refused):
    """No code is remembered for this vote on this device."""

    def __init__(self, message: str = "Please enter your voting code first.", field=None):
        super().__init__(message, field)


class NotEligible(Refused):
    """The code is for other districts than the budget's."""


class AlreadyVoted(Refused):
    """One code, one ballot per budget."""

    def __init__(
        self,
        message: str = "This code has already voted in this budget. Each code votes once per budget.",
        field: str | None = None,
    ):
        super().__init__(message, field)


@contextmanager
def transaction(on_conflict: Callable[[], Refused] | None = None) -> Iterator[None]:
    """Commit on success; roll back on any exception and re-raise it. With `on_conflict`, an
    IntegrityError (a unique key that decided a race between two requests) becomes the refusal
    it makes."""
    try:
        yield
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if on_conflict is None:
            raise
        raise on_conflict() from None
    except BaseException:
        db.session.rollback()
        raise

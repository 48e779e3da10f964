"""Sealed ballots while the vote is open, and what keeps them sealed.

An `Envelope` holds one ballot encrypted to the cycle's counting key (pb.domain.envelopes); it has
no code, no time and a random id. The count opens every envelope of a budget, writes the
plaintext ballots in a shuffled order and deletes the envelopes. `CountingKey` holds only the
public half: the private half lives in a 0600 file under the instance folder (server custody) or
in trustees' shares, never in the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db
from pb.models.types import utcnow

CUSTODIES = ("server", "trustees")


class Envelope(db.Model):
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = ({"sqlite_with_rowid": False},)


class CountingKey(db.Model):
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    custody: Mapped[str] = mapped_column(String(10))
    threshold: Mapped[int | None]  # trustees: shares needed to count
    trustees: Mapped[str] = mapped_column(Text, default="")  # trustees' names, one per line
    confirmed: Mapped[bool] = mapped_column(default=False)  # trustees gave enough shares back
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "custody IN (" + ",".join(f"'{c}'" for c in CUSTODIES) + ")", name="custody_known"
        ),
    )

    @property
    def trustee_names(self) -> list[str]:
        return [n for n in self.trustees.splitlines() if n]


class EnvelopeOpening(db.Model):
    """The envelopes of a budget were opened at the count: how many, and which were spoiled
    (envelope number -> reason, as JSON) for staff to see."""

    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), primary_key=True)
    opened: Mapped[int]
    spoiled: Mapped[str] = mapped_column(Text, default="{}")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoterSession(db.Model):
    """A voter's signed-in code on one device. The cookie holds only a random token; this row
    (found by the token's hash) ends with "I am done", the last budget or inactivity."""

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("voter_code.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)

"""Plaintext ballots, written only at the count (pb.services.opening) from the sealed envelopes:
no voter or code column, no address, no time, a random id, and all of a count's ballots in one
transaction, in the order of their random ids. `Participation` records separately that a code
voted. One row per ballot: its choices as one short text (pb.domain.ballots.encode_choices), so
that a count of 100,000 ballots writes 100,000 rows, not one per chosen project. A ballot also
keeps how it was cast (online, kiosk, paper) and the voter's answers to the cycle's questions,
both of which travelled sealed inside its envelope."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pb.domain.envelopes import CHANNELS
from pb.extensions import db
from pb.models.types import one_of


def random_id() -> str:
    return uuid.uuid4().hex


class Ballot(db.Model):
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), index=True)
    choices: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(8), default="online")
    # "question=answer;question=answer" (pb.domain.envelopes' answer text, without the channel)
    answers: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint(one_of("channel", CHANNELS), name="channel_known"),
        {"sqlite_with_rowid": False},
    )

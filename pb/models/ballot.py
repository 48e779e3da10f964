"""Ballots, secret by design: no voter or code column, no IP, no time finer than the day, and
a random id. On SQLite the tables are WITHOUT ROWID so that even the storage order (by random
id) says nothing about who voted when; `Participation` records separately that a code voted."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.extensions import db


def random_id() -> str:
    return uuid.uuid4().hex


class Ballot(db.Model):
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), index=True)
    cast_on: Mapped[date]

    entries: Mapped[list[BallotEntry]] = relationship(
        back_populates="ballot", cascade="all, delete-orphan"
    )

    __table_args__ = ({"sqlite_with_rowid": False},)


class BallotEntry(db.Model):
    """One project on a ballot: `rank` for ranked ballots, `points` for cumulative ones."""

    ballot_id: Mapped[str] = mapped_column(ForeignKey("ballot.id"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), primary_key=True, index=True)
    rank: Mapped[int | None]
    points: Mapped[int | None]

    ballot: Mapped[Ballot] = relationship(back_populates="entries")

    __table_args__ = (
        UniqueConstraint("ballot_id", "rank"),
        CheckConstraint("rank IS NULL OR rank >= 1", name="rank_positive"),
        CheckConstraint("points IS NULL OR points >= 1", name="points_positive"),
        {"sqlite_with_rowid": False},
    )

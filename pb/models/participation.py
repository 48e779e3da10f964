"""Voter codes and participation. A code is stored only as a keyed hash; a participation row
records that a code voted in a budget, nothing about how (the ballot has no link back)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.domain.codes import may_vote_in
from pb.extensions import db
from pb.models.types import one_of, utcnow

SCOPES = ("all", "district")  # every budget of the cycle, or the citywide ones plus a district
CODE_STATUSES = ("active", "void")


class CodeBatch(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    number: Mapped[int] = mapped_column(default=0, server_default="0")  # 1, 2, ... per cycle
    size: Mapped[int]
    scope: Mapped[str] = mapped_column(String(10), default="all")
    district: Mapped[str] = mapped_column(String(100), default="")  # with scope "district"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    codes: Mapped[list[VoterCode]] = relationship(back_populates="batch")

    __table_args__ = (
        CheckConstraint(one_of("scope", SCOPES), name="scope_known"),
        CheckConstraint("size > 0", name="size_positive"),
        # An index, not a constraint: SQLite adds and drops it without rebuilding the table.
        Index("ix_code_batch_cycle_number", "cycle_id", "number", unique=True),
    )

    def allows(self, budget_district: str) -> bool:
        """May a code of this batch vote in a budget of `budget_district` ("" = citywide)?"""
        return may_vote_in(self.scope, self.district, budget_district)


class VoterCode(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("code_batch.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="active")

    batch: Mapped[CodeBatch] = relationship(back_populates="codes")

    __table_args__ = (CheckConstraint(one_of("status", CODE_STATUSES), name="status_known"),)


class Participation(db.Model):
    """The code `code_id` has voted in `budget_id`; the primary key makes it happen once."""

    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("voter_code.id"), primary_key=True, index=True)

    __table_args__ = ({"sqlite_with_rowid": False},)

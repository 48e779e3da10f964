"""Paper ballots entered twice by two staff accounts.

A `PaperBatch` is one stack of paper ballots of one budget, with the count staff made by hand
and the totals of what was accepted or refused (numbers only). A `PaperEntry` is one typing of
one ballot of the stack, waiting for its second typing: it keeps only a keyed digest of what
was typed (code and choices), never the code or the choices themselves, so a pending entry
links nothing to anything readable; matched entries are deleted in the transaction that seals
the ballot (pb.services.paper)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db
from pb.models.types import utcnow


class PaperBatch(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    counted: Mapped[int]  # paper ballots in the stack, counted by hand
    accepted: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("budget_id", "label"),)


class PaperEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("paper_batch.id"), index=True)
    number: Mapped[int]  # the ballot's place in the stack, written on the paper
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    digest: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("batch_id", "number", "entered_by_id"),)

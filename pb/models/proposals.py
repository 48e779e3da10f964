"""Proposals that delegates and staff develop from ideas, their cost lines, and the link from a
ballot project back to the proposal it was promoted from."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.domain.text import N_
from pb.extensions import db
from pb.models.cycle import MONEY, Cycle, Project
from pb.models.ideas import Idea
from pb.models.people import User
from pb.models.types import one_of, utcnow

REVIEW_LABELS = {
    "pending": N_("Not reviewed yet"),
    "feasible": N_("Feasible"),
    "not_feasible": N_("Not feasible"),
    "needs_changes": N_("Needs changes"),
}

# Several ideas feed one proposal; an idea may also feed more than one (a big idea split up).
proposal_idea = Table(
    "proposal_idea",
    db.metadata,
    Column("proposal_id", ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True),
    Column("idea_id", ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True),
)


class CostItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


class Proposal(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    category: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    image: Mapped[str] = mapped_column(String(64), default="")
    review: Mapped[str] = mapped_column(String(20), default="pending")
    public_reason: Mapped[str] = mapped_column(Text, default="")  # shown with the review
    internal_notes: Mapped[str] = mapped_column(Text, default="")  # reviewers only, never public
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cycle: Mapped[Cycle] = relationship()
    ideas: Mapped[list[Idea]] = relationship(secondary=proposal_idea, order_by=Idea.id)
    cost_items: Mapped[list[CostItem]] = relationship(
        order_by="CostItem.position, CostItem.id", cascade="all, delete-orphan"
    )
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    origin: Mapped[ProjectOrigin | None] = relationship(back_populates="proposal")

    __table_args__ = (
        CheckConstraint(one_of("review", REVIEW_LABELS), name="review_known"),
        CheckConstraint(
            "review <> 'not_feasible' OR public_reason <> ''", name="refusal_has_reason"
        ),
    )

    @property
    def cost(self) -> Decimal:
        return sum((item.amount for item in self.cost_items), Decimal(0))

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS[self.review]


class ProjectOrigin(db.Model):
    """A ballot project promoted from a proposal: one row per project, one per proposal."""

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), unique=True)
    promoted_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    project: Mapped[Project] = relationship()
    proposal: Mapped[Proposal] = relationship(back_populates="origin")

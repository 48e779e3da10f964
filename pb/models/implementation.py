"""Tracking funded projects until they are built: a status per project and dated updates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from pb.domain.text import N_
from pb.extensions import db
from pb.models.cycle import MONEY, Project
from pb.models.people import User
from pb.models.types import one_of, utcnow

STATUSES = ("planned", "in_progress", "completed", "cancelled")
STATUS_LABELS = {
    "planned": N_("Planned"),
    "in_progress": N_("In progress"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
}


class ProjectProgress(db.Model):
    """A row exists for each funded project being tracked (staff add it after the results)."""

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20), default="planned")
    percent: Mapped[int] = mapped_column(default=0)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    allocated: Mapped[Decimal] = mapped_column(MONEY)  # what the vote funded (the cost)
    spent: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    project: Mapped[Project] = relationship(
        backref=backref("progress", uselist=False, cascade="all, delete-orphan")
    )
    updates: Mapped[list[ProjectUpdate]] = relationship(
        order_by="ProjectUpdate.posted_on.desc(), ProjectUpdate.id.desc()",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent_range"),
        CheckConstraint("status <> 'cancelled' OR cancel_reason <> ''", name="cancel_has_reason"),
        CheckConstraint("status <> 'completed' OR percent = 100", name="completed_is_100"),
        CheckConstraint("spent >= 0", name="spent_not_negative"),
        CheckConstraint("allocated >= 0", name="allocated_not_negative"),
    )

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class ProjectUpdate(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project_progress.project_id", ondelete="CASCADE"), index=True
    )
    posted_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    photo: Mapped[str] = mapped_column(String(64), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()

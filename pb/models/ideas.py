"""Residents' ideas, their supports and flags, and each cycle's idea settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from pb.extensions import db
from pb.models.cycle import Cycle
from pb.models.types import one_of, utcnow

IDEA_STATUSES = ("pending", "published", "hidden", "merged")
MODERATIONS = ("pre", "post")  # staff publish each idea first, or ideas show at once
DEFAULT_CATEGORIES = (
    "Environment and green spaces",
    "Mobility and streets",
    "Culture",
    "Education and youth",
    "Sport and leisure",
    "Social and health",
    "Public space",
    "Other",
)


class IdeaSettings(db.Model):
    """Per cycle: pre-moderation (ideas wait for staff) or post-moderation (shown at once)."""

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycle.id", ondelete="CASCADE"), primary_key=True
    )
    moderation: Mapped[str] = mapped_column(String(10), default="pre")
    categories: Mapped[str] = mapped_column(Text, default="\n".join(DEFAULT_CATEGORIES))
    districts: Mapped[str] = mapped_column(Text, default="")  # one a line; budgets add theirs
    # Only residents who proved it with a voter code of this cycle may submit or support.
    residents_only: Mapped[bool] = mapped_column(default=False, server_default=false())

    __table_args__ = (CheckConstraint(one_of("moderation", MODERATIONS), name="moderation_known"),)

    @property
    def category_list(self) -> list[str]:
        return [c.strip() for c in self.categories.splitlines() if c.strip()]

    @property
    def district_list(self) -> list[str]:
        return [d.strip() for d in self.districts.splitlines() if d.strip()]


class IdeaSupport(db.Model):
    """One support per browser session per idea: the token is random and lives in the session
    cookie; the unique constraint makes a second support from the same session impossible."""

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("idea_id", "token"),)


class IdeaFlag(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(500), default="")
    resolved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("idea_id", "token"),)


class Idea(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)  # Markdown source; rendered through a sanitizer
    category: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")  # "" = citywide
    location: Mapped[str] = mapped_column(String(200), default="")
    photo: Mapped[str] = mapped_column(String(64), default="")  # random name under the upload dir
    contact_email: Mapped[str] = mapped_column(String(200), default="")  # never shown publicly
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")  # public
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("idea.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]

    cycle: Mapped[Cycle] = relationship()
    merged_into: Mapped[Idea | None] = relationship(remote_side=[id])
    flags: Mapped[list[IdeaFlag]] = relationship(order_by=IdeaFlag.id, cascade="all, delete-orphan")

    support_count: Mapped[int] = column_property(
        select(func.count(IdeaSupport.id))
        .where(IdeaSupport.idea_id == id)
        .correlate_except(IdeaSupport)
        .scalar_subquery()
    )
    open_flag_count: Mapped[int] = column_property(
        select(func.count(IdeaFlag.id))
        .where(IdeaFlag.idea_id == id, IdeaFlag.resolved.is_(False))
        .correlate_except(IdeaFlag)
        .scalar_subquery()
    )

    __table_args__ = (
        CheckConstraint(one_of("status", IDEA_STATUSES), name="status_known"),
        # A merged idea always points to its survivor, and only a merged one does.
        CheckConstraint(
            "(status = 'merged') = (merged_into_id IS NOT NULL)", name="merged_has_target"
        ),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_self_merged"),
        CheckConstraint("status <> 'hidden' OR hidden_reason <> ''", name="hidden_has_reason"),
    )

    @property
    def is_public(self) -> bool:
        return self.status == "published"

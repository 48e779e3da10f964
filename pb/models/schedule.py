"""Optional start and end dates of each phase of a cycle (see pb.domain.phases for the rule)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from pb.domain.phases import Phase, Window, effective_phase
from pb.extensions import db
from pb.models.cycle import PHASES, Cycle
from pb.models.types import one_of, utcnow


class PhaseDate(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime | None]  # naive UTC, like every time in pb
    ends_at: Mapped[datetime | None]

    cycle: Mapped[Cycle] = relationship(
        backref=backref("phase_dates", cascade="all, delete-orphan", lazy="selectin")
    )

    __table_args__ = (
        UniqueConstraint("cycle_id", "phase"),
        CheckConstraint(one_of("phase", PHASES), name="phase_known"),
        CheckConstraint(
            "starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"
        ),
    )


def schedule_of(cycle: Cycle) -> dict[Phase, Window]:
    return {Phase(d.phase): Window(d.starts_at, d.ends_at) for d in cycle.phase_dates}


def phase_of(cycle: Cycle, now: datetime | None = None) -> Phase:
    """The phase the cycle is in: the hand-set phase, moved on by any dates that have passed."""
    return effective_phase(Phase(cycle.phase), schedule_of(cycle), now or utcnow())


def first_and_last(cycle: Cycle) -> tuple[datetime | None, datetime | None]:
    """The cycle's span, derived from its phase dates: the earliest and the latest date set."""
    stamps = [t for d in cycle.phase_dates for t in (d.starts_at, d.ends_at) if t is not None]
    return (min(stamps), max(stamps)) if stamps else (None, None)

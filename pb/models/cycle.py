"""A PB cycle, its budgets (citywide, districts) and each budget's ballot projects."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.domain.ballots import BALLOT_KINDS
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models.types import one_of, utcnow

PHASES = tuple(p.value for p in Phase)
MONEY = Numeric(14, 2)


class Cycle(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(20), default=Phase.IDEAS.value)
    # The IANA zone staff type times in and residents read them in (stored times stay UTC).
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    # The languages the cycle's own texts are written in ("en,es,pl"; pb.web.i18n.LANGUAGES),
    # and the one its forms are written in: a missing text in another language falls back to it.
    languages: Mapped[str] = mapped_column(String(40), default="en", server_default="en")
    default_language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Open data (pb.services.exports): where the vote took place, in pabulib's META words, the
    # licence of the published ballots, the smallest group of ballots whose voter attributes
    # may be published (k-anonymity), and the questions asked at the end of the ballot.
    country: Mapped[str] = mapped_column(String(60), default="")
    unit: Mapped[str] = mapped_column(String(100), default="")  # the city; "" = the cycle's name
    language: Mapped[str] = mapped_column(String(2), default="en")
    licence: Mapped[str] = mapped_column(String(40), default="CC-BY-4.0")
    export_k: Mapped[int] = mapped_column(default=10)
    questions: Mapped[str] = mapped_column(String(200), default="")  # "age,sex" (open_data keys)
    # A kiosk returns to its start screen after this long without a page or a touch.
    kiosk_idle_seconds: Mapped[int] = mapped_column(default=120, server_default="120")

    budgets: Mapped[list[Budget]] = relationship(
        back_populates="cycle", order_by="Budget.position, Budget.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(one_of("phase", PHASES), name="phase_known"),
        CheckConstraint("export_k >= 1", name="export_k_positive"),
    )

    @property
    def language_codes(self) -> list[str]:
        """The default language first, then the others in the order staff listed them."""
        others = [c for c in (self.languages or "").split(",") if c and c != self.default_language]
        return [self.default_language, *others]

    @property
    def starts(self) -> datetime | None:
        """When the cycle starts: the first date of its phases (the one set of dates)."""
        from pb.models.schedule import first_and_last

        return first_and_last(self)[0]

    @property
    def ends(self) -> datetime | None:
        from pb.models.schedule import first_and_last

        return first_and_last(self)[1]

    @property
    def current_phase(self) -> Phase:
        from pb.models.schedule import phase_of  # the hand-set phase, moved on by phase dates

        return phase_of(self)


class Budget(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(100), default="")  # "" = citywide
    amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    position: Mapped[int] = mapped_column(default=0)
    ballot_kind: Mapped[str] = mapped_column(String(20), default="approval")
    min_picks: Mapped[int | None]  # approval, ranked
    max_picks: Mapped[int | None]  # approval (k-approval), ranked (rank up to k)
    max_sum_cost: Mapped[Decimal | None] = mapped_column(MONEY)  # knapsack; None = the budget
    total_points: Mapped[int | None]  # cumulative: points to distribute
    max_points_per_project: Mapped[int | None]  # cumulative
    rule: Mapped[str] = mapped_column(String(40), default="greedy")
    tie_break: Mapped[str] = mapped_column(String(20), default="id")
    # greedy-threshold: the score a project must reach to be funded (votes, points or Borda)
    min_score: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))

    cycle: Mapped[Cycle] = relationship(back_populates="budgets")
    projects: Mapped[list[Project]] = relationship(
        back_populates="budget",
        order_by="Project.position, Project.id",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        UniqueConstraint("cycle_id", "name"),
        CheckConstraint("amount > 0", name="amount_positive"),
        # The ballot kinds registry; a new kind needs a migration that widens this check.
        CheckConstraint(one_of("ballot_kind", BALLOT_KINDS), name="kind_known"),
    )


class Project(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[Decimal] = mapped_column(MONEY)
    category: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    image: Mapped[str] = mapped_column(String(200), default="")  # file name under the upload dir
    position: Mapped[int] = mapped_column(default=0)

    budget: Mapped[Budget] = relationship(back_populates="projects")

    __table_args__ = (CheckConstraint("cost > 0", name="cost_positive"),)

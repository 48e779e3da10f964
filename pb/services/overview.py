"""What staff see of a cycle besides its setup: turnout while voting is open (never per-project
numbers), then each budget's latest count to review before publishing."""

from __future__ import annotations

from dataclasses import dataclass, field

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Budget, Count, Cycle, VoterCode
from pb.services.codes import batch_stats
from pb.services.tallying import ResultRow, latest_counts, result_rows
from pb.services.voting import codes_voted, turnout


@dataclass(frozen=True)
class Overview:
    phase: Phase
    frozen: bool  # budgets, ballots and projects no longer change once voting opened
    turnout: dict[int, int] = field(default_factory=dict)  # budget id -> ballots
    codes_voted: int = 0
    codes_issued: int = 0
    counts: dict[int, Count] = field(default_factory=dict)  # budget id -> latest count
    batches: list[dict] = field(default_factory=list)  # per code batch: issued, used, void


def codes_issued(cycle: Cycle) -> int:
    """Every code made for the cycle, voided ones included: the turnout's denominator."""
    return db.session.scalar(
        db.select(db.func.count()).select_from(VoterCode).where(VoterCode.cycle_id == cycle.id)
    )


def overview(cycle: Cycle) -> Overview:
    phase = cycle.current_phase
    voted = turnout(cycle) if phase.index >= Phase.VOTING.index else {}
    return Overview(
        phase=phase,
        frozen=phase.index >= Phase.VOTING.index,
        turnout=voted,
        codes_voted=codes_voted(cycle) if voted else 0,
        codes_issued=codes_issued(cycle) if voted else 0,
        counts=latest_counts(cycle) if phase.index >= Phase.COUNTING.index else {},
        batches=batch_stats(cycle) if voted else [],
    )


@dataclass(frozen=True)
class BudgetReview:
    budget: Budget
    count: Count
    rows: list[ResultRow]


@dataclass(frozen=True)
class CountReview:
    phase: Phase
    reviews: list[BudgetReview]
    counted: set[int]  # ids of the budgets counted at least once


def count_review(cycle: Cycle) -> CountReview:
    phase = cycle.current_phase
    counts = latest_counts(cycle) if phase.index >= Phase.COUNTING.index else {}
    reviews = [
        BudgetReview(b, counts[b.id], result_rows(b, counts[b.id]))
        for b in cycle.budgets
        if b.id in counts
    ]
    return CountReview(phase, reviews, set(counts))

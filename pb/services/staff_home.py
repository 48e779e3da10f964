"""The staff home: every cycle with its phase and what needs attention now (ideas waiting for
moderation, proposals not reviewed yet, and what blocks opening the vote)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Cycle
from pb.models.ideas import Idea
from pb.models.proposals import Proposal
from pb.services.checklist import Blocker, blockers
from pb.services.cycles import all_cycles


@dataclass(frozen=True)
class CycleCard:
    cycle: Cycle
    phase: Phase
    ideas_waiting: int = 0
    proposals_in_review: int = 0
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(self.ideas_waiting or self.proposals_in_review or self.blockers)


def _counts(column, where) -> dict[int, int]:
    return dict(
        db.session.execute(db.select(column, db.func.count()).where(where).group_by(column)).all()
    )


def cards() -> list[CycleCard]:
    """One card per cycle, newest first; the counts in two queries for all cycles."""
    ideas = _counts(Idea.cycle_id, Idea.status == "pending")
    proposals = _counts(Proposal.cycle_id, Proposal.review == "pending")
    result = []
    for cycle in all_cycles():
        phase = cycle.current_phase
        before_vote = phase in (Phase.IDEAS, Phase.PROPOSALS)
        result.append(
            CycleCard(
                cycle,
                phase,
                ideas.get(cycle.id, 0),
                proposals.get(cycle.id, 0),
                blockers(cycle) if before_vote else [],
            )
        )
    return result

"""What the staff proposal pages read on top of pb.services.proposals: a cycle's proposals and
the ideas a proposal may be written from."""

from __future__ import annotations

from pb.extensions import db
from pb.models import Cycle
from pb.models.ideas import Idea
from pb.models.proposals import Proposal


def proposals_of(cycle: Cycle) -> list[Proposal]:
    """The cycle's proposals, newest first."""
    return list(
        db.session.scalars(
            db.select(Proposal).filter_by(cycle_id=cycle.id).order_by(Proposal.id.desc())
        )
    )


def linkable_ideas(cycle: Cycle) -> list[Idea]:
    """Ideas a proposal may cite: shown or waiting ones of the same cycle, oldest first."""
    return list(
        db.session.scalars(
            db.select(Idea)
            .where(Idea.cycle_id == cycle.id, Idea.status.in_(("published", "pending")))
            .order_by(Idea.id)
        )
    )

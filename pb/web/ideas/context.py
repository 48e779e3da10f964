"""What the shared partials need, computed on demand so any page can include them."""

from __future__ import annotations

from dataclasses import dataclass

from pb.models.cycle import Cycle, Project
from pb.models.ideas import Idea
from pb.models.proposals import Proposal
from pb.services import implementation, phases, proposals


def cycle_standing(cycle: Cycle) -> phases.Standing:
    return phases.standing(cycle)


@dataclass(frozen=True)
class Origin:
    proposal: Proposal
    ideas: list[Idea]  # the public ones only


def project_origin(project: Project) -> Origin | None:
    found = proposals.origin_of(project)
    if found is None:
        return None
    shown = [i for i in found.proposal.ideas if i.status == "published"]
    return Origin(found.proposal, shown)


def implementation_summary(cycle: Cycle) -> implementation.Summary:
    return implementation.summary(cycle)

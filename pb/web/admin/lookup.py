"""Objects of a staff URL: the cycle by its slug, and an object by its id only when it belongs
to that cycle (/admin/c/<slug>/budgets/<id>/...); anything else is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort

from pb.extensions import db
from pb.models import Budget, CodeBatch, Cycle, Project
from pb.models.ideas import Idea
from pb.models.implementation import ProjectProgress
from pb.models.proposals import Proposal
from pb.web.guards import cycle_by_slug

__all__ = [
    "batch_in",
    "budget_in",
    "cycle_by_slug",
    "idea_in",
    "progress_in",
    "project_in",
    "proposal_in",
]

T = TypeVar("T")


def _in_cycle(model: type[T], object_id: int, cycle: Cycle, cycle_id: Callable[[T], int]) -> T:
    obj = db.get_or_404(model, object_id)
    if cycle_id(obj) != cycle.id:
        abort(404)
    return obj


def budget_in(cycle: Cycle, budget_id: int) -> Budget:
    return _in_cycle(Budget, budget_id, cycle, lambda b: b.cycle_id)


def project_in(cycle: Cycle, project_id: int) -> Project:
    return _in_cycle(Project, project_id, cycle, lambda p: p.budget.cycle_id)


def batch_in(cycle: Cycle, batch_id: int) -> CodeBatch:
    return _in_cycle(CodeBatch, batch_id, cycle, lambda b: b.cycle_id)


def idea_in(cycle: Cycle, idea_id: int) -> Idea:
    return _in_cycle(Idea, idea_id, cycle, lambda i: i.cycle_id)


def proposal_in(cycle: Cycle, proposal_id: int) -> Proposal:
    return _in_cycle(Proposal, proposal_id, cycle, lambda p: p.cycle_id)


def progress_in(cycle: Cycle, project_id: int) -> ProjectProgress:
    """A tracked project's progress (keyed by the project's id)."""
    return _in_cycle(ProjectProgress, project_id, cycle, lambda p: p.project.budget.cycle_id)

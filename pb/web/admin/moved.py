"""The staff pages' old addresses (/admin/cycles/<id>/..., /admin/budgets/<id>/..., ...) and
where each moved under /admin/c/<slug>/. Bookmarks and open tabs keep working: 308 keeps the
method and body, so a form posted to an old address is posted again to the new one.

Registered as a blueprint inside `admin`, so the same sign-in rule runs first; the new page
then applies its own role check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, redirect, request, url_for

from pb.extensions import db
from pb.models import Budget, CodeBatch, Cycle, Project
from pb.models.ideas import Idea
from pb.models.proposals import Proposal

bp = Blueprint("moved", __name__)

# What an old address's id names, and how to reach that object's cycle slug.
OWNERS: dict[str, tuple[type, Callable[[Any], str]]] = {
    "cycle_id": (Cycle, lambda c: c.slug),
    "budget_id": (Budget, lambda b: b.cycle.slug),
    "project_id": (Project, lambda p: p.budget.cycle.slug),
    "batch_id": (CodeBatch, lambda b: db.get_or_404(Cycle, b.cycle_id).slug),
    "idea_id": (Idea, lambda i: i.cycle.slug),
    "proposal_id": (Proposal, lambda p: p.cycle.slug),
}

# (old rule under /admin, methods, new endpoint)
MOVED: list[tuple[str, tuple[str, ...], str]] = [
    ("/cycles/<int:cycle_id>", ("GET",), "admin.cycle"),
    ("/cycles/<int:cycle_id>/edit", ("GET", "POST"), "admin.cycle_edit"),
    ("/cycles/<int:cycle_id>/open", ("POST",), "admin.voting_open"),
    ("/cycles/<int:cycle_id>/close", ("POST",), "admin.voting_close"),
    ("/cycles/<int:cycle_id>/codes", ("GET",), "admin.codes"),
    ("/cycles/<int:cycle_id>/codes/generate", ("POST",), "admin.codes_generate"),
    ("/cycles/<int:cycle_id>/codes/void", ("POST",), "admin.codes_void"),
    ("/batches/<int:batch_id>/void", ("POST",), "admin.batch_void"),
    ("/cycles/<int:cycle_id>/count", ("GET",), "admin.count"),
    ("/budgets/<int:budget_id>/count", ("POST",), "admin.count_run"),
    ("/cycles/<int:cycle_id>/publish", ("POST",), "admin.publish"),
    ("/cycles/<int:cycle_id>/budgets/new", ("GET", "POST"), "admin.budget_new"),
    ("/budgets/<int:budget_id>/edit", ("GET", "POST"), "admin.budget_edit"),
    ("/budgets/<int:budget_id>/delete", ("POST",), "admin.budget_delete"),
    ("/budgets/<int:budget_id>/projects/new", ("GET", "POST"), "admin.project_new"),
    ("/projects/<int:project_id>/edit", ("GET", "POST"), "admin.project_edit"),
    ("/projects/<int:project_id>/delete", ("POST",), "admin.project_delete"),
    ("/projects/<int:project_id>/progress", ("GET",), "admin.impl_edit"),
    ("/projects/<int:project_id>/progress/status", ("POST",), "admin.impl_status"),
    ("/projects/<int:project_id>/progress/updates", ("POST",), "admin.impl_add_update"),
    ("/ideas/<int:idea_id>", ("GET",), "admin.idea_detail"),
    ("/ideas/<int:idea_id>/publish", ("POST",), "admin.idea_publish"),
    ("/ideas/<int:idea_id>/hide", ("POST",), "admin.idea_hide"),
    ("/ideas/<int:idea_id>/merge", ("POST",), "admin.idea_merge"),
    ("/ideas/<int:idea_id>/resolve-flags", ("POST",), "admin.idea_resolve_flags"),
    ("/proposals/<int:proposal_id>", ("GET",), "admin.proposal_detail"),
    ("/proposals/<int:proposal_id>/review", ("POST",), "admin.proposal_review"),
    ("/proposals/<int:proposal_id>/promote", ("POST",), "admin.proposal_promote"),
]


def new_url(endpoint: str, ids: dict[str, int]) -> str:
    """The new address of an old one: the slug of the object's cycle, the ids kept (the
    cycle's own id is the slug now). Unknown ids are a 404, as they were."""
    ((key, value),) = ids.items()
    model, slug_of = OWNERS[key]
    ids = {k: v for k, v in ids.items() if k != "cycle_id"}
    return url_for(endpoint, slug=slug_of(db.get_or_404(model, value)), **ids)


def _view(endpoint: str) -> Callable:
    def moved(**ids: int):
        target = new_url(endpoint, ids)
        if request.query_string:
            target += "?" + request.query_string.decode()
        return redirect(target, 308)

    return moved


for rule, methods, endpoint in MOVED:
    bp.add_url_rule(
        rule, f"{endpoint.removeprefix('admin.')}", _view(endpoint), methods=list(methods)
    )

"""Public pages: the list of cycles, each cycle's budgets and projects (filtered by category and
district), a project's page, and the results once published."""

from __future__ import annotations

from flask import g, render_template, request

from pb.domain.phases import Phase
from pb.services import browsing, implementation, phases, proposals
from pb.web.guards import cycle_by_slug, or_404, phase_required
from pb.web.public import bp


@bp.route("/healthz")
def healthz():
    """For load balancers and the benchmark's baseline: answers without touching the database."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/")
def index():
    return render_template("public/index.html", cycles=browsing.cycles())


@bp.route("/c/<slug>")
def cycle(slug: str):
    cycle = cycle_by_slug(slug)
    category = request.args.get("category", "")
    district = request.args.get("district", "")
    standing = phases.standing(cycle)
    return render_template(
        "public/cycle.html",
        cycle=cycle,
        catalogue=browsing.catalogue(cycle, category, district),
        category=category,
        district=district,
        standing=standing,
        # What gets built, once it can be: the phases partial sums it up.
        summary=implementation.summary(cycle)
        if standing.current.index >= Phase.RESULTS.index
        else None,
    )


@bp.route("/c/<slug>/projects/<int:project_id>")
def project(slug: str, project_id: int):
    cycle = cycle_by_slug(slug)
    project = or_404(browsing.project_in(cycle, project_id))
    return render_template(
        "public/project.html",
        cycle=cycle,
        project=project,
        budget=project.budget,
        origin=proposals.origin(project),
        outcome=browsing.project_outcome(project),
    )


@bp.route("/c/<slug>/results")
@phase_required(Phase.RESULTS, Phase.IMPLEMENTATION)
def results(slug: str):
    cycle = g.cycle
    return render_template(
        "public/results.html", cycle=cycle, budgets=browsing.published_results(cycle)
    )

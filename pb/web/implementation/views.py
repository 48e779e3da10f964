"""Routes for what gets built."""

from __future__ import annotations

from flask import render_template

from pb.services import implementation as svc
from pb.services import proposals
from pb.web.guards import cycle_by_slug, or_404
from pb.web.implementation import bp


@bp.route("/c/<slug>/progress")
def index(slug: str):
    cycle = cycle_by_slug(slug)
    return render_template("implementation/index.html", cycle=cycle, summary=svc.summary(cycle))


@bp.route("/c/<slug>/progress/<int:project_id>")
def project(slug: str, project_id: int):
    cycle = cycle_by_slug(slug)
    progress = or_404(svc.tracked_in(cycle, project_id))
    project = progress.project
    return render_template(
        "implementation/project.html",
        cycle=cycle,
        project=project,
        progress=progress,
        budget=project.budget,
        origin=proposals.origin(project),
    )

"""Public pages for proposals (with their review) and for funded projects being built, and the
photos residents and staff uploaded."""

from __future__ import annotations

from flask import abort, render_template, send_file

from pb.extensions import db
from pb.models.cycle import Budget, Project
from pb.models.implementation import ProjectProgress
from pb.models.proposals import Proposal
from pb.services import implementation, photos
from pb.web.guards import cycle_by_slug
from pb.web.ideas import bp

MIME = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@bp.route("/c/<slug>/proposals")
def proposals(slug: str):
    cycle = cycle_by_slug(slug)
    rows = db.session.scalars(
        db.select(Proposal).filter_by(cycle_id=cycle.id).order_by(Proposal.id.desc())
    ).all()
    return render_template("ideas/proposals.html", cycle=cycle, proposals=rows)


@bp.route("/c/<slug>/proposals/<int:proposal_id>")
def proposal(slug: str, proposal_id: int):
    cycle = cycle_by_slug(slug)
    found = db.session.get(Proposal, proposal_id)
    if found is None or found.cycle_id != cycle.id:
        abort(404)
    shown_ideas = [i for i in found.ideas if i.status == "published"]
    return render_template("ideas/proposal.html", cycle=cycle, proposal=found, ideas=shown_ideas)


@bp.route("/c/<slug>/progress")
def progress(slug: str):
    cycle = cycle_by_slug(slug)
    return render_template(
        "ideas/progress.html", cycle=cycle, summary=implementation.summary(cycle)
    )


@bp.route("/c/<slug>/progress/<int:project_id>")
def project_progress(slug: str, project_id: int):
    cycle = cycle_by_slug(slug)
    project = db.session.get(Project, project_id)
    if project is None or project.budget.cycle_id != cycle.id:
        abort(404)
    tracked = db.session.get(ProjectProgress, project.id)
    if tracked is None:
        abort(404)
    budget: Budget = project.budget
    return render_template(
        "ideas/project_progress.html", cycle=cycle, project=project, progress=tracked, budget=budget
    )


@bp.route("/media/<name>")
def media(name: str):
    path = photos.path_of(name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=MIME[path.suffix], max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response

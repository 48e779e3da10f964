"""Public pages: the list of cycles, each cycle's budgets and projects (filtered by category and
district), a project's page, and the results once published."""

from __future__ import annotations

from flask import abort, g, render_template, request

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Cycle, Project
from pb.services.tallying import latest_counts, result_rows
from pb.web.guards import cycle_by_slug, phase_required
from pb.web.public import bp


@bp.route("/healthz")
def healthz():
    """For load balancers and the benchmark's baseline: answers without touching the database."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/")
def index():
    cycles = db.session.scalars(db.select(Cycle).order_by(Cycle.created_at.desc())).all()
    return render_template("public/index.html", cycles=cycles)


def _district(project: Project) -> str:
    return project.district or project.budget.district


@bp.route("/c/<slug>")
def cycle(slug: str):
    cycle = cycle_by_slug(slug)
    projects = [p for b in cycle.budgets for p in b.projects]
    categories = sorted({p.category for p in projects if p.category})
    districts = sorted({_district(p) for p in projects if _district(p)})
    category = request.args.get("category", "")
    district = request.args.get("district", "")
    shown = {
        b.id: [
            p
            for p in b.projects
            if (not category or p.category == category)
            and (not district or _district(p) == district)
        ]
        for b in cycle.budgets
    }
    return render_template(
        "public/cycle.html",
        cycle=cycle,
        shown=shown,
        categories=categories,
        districts=districts,
        category=category,
        district=district,
        filtered=bool(category or district),
    )


@bp.route("/c/<slug>/projects/<int:project_id>")
def project(slug: str, project_id: int):
    cycle = cycle_by_slug(slug)
    project = db.session.get(Project, project_id)
    if project is None or project.budget.cycle_id != cycle.id:
        abort(404)
    return render_template(
        "public/project.html", cycle=cycle, project=project, budget=project.budget
    )


@bp.route("/c/<slug>/results")
@phase_required(Phase.RESULTS, Phase.IMPLEMENTATION)
def results(slug: str):
    cycle = g.cycle
    counts = latest_counts(cycle, published=True)
    budgets = []
    for b in cycle.budgets:
        count = counts.get(b.id)
        if count is None:
            continue
        rows = result_rows(b, count)
        top = max((r.score for r in rows), default=0) or 1
        data = count.data
        budgets.append({"budget": b, "count": count, "rows": rows, "top": top, "data": data})
    return render_template("public/results.html", cycle=cycle, budgets=budgets)

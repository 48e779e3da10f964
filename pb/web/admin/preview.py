"""Staff: a budget's ballot exactly as residents will see it, before voting opens. The vote's
own partials render it; the form only reloads this page, so nothing can be cast from here."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from pb.domain.ballots import get_kind
from pb.services import voting
from pb.services.open_data_settings import questions_of
from pb.web.admin import bp
from pb.web.admin.lookup import budget_in, cycle_by_slug
from pb.web.auth import staff_required


@bp.route("/c/<slug>/budgets/<int:budget_id>/preview")
@staff_required("staff")
def ballot_preview(slug: str, budget_id: int):
    cycle = cycle_by_slug(slug)
    budget_in(cycle, budget_id)
    info = voting.budget_of(voting.budgets(cycle.id), budget_id)
    kind = get_kind(info.kind)
    projects = voting.choices(info.id)
    max_rank = min(info.rules.max_picks or len(projects), len(projects))
    context = {
        "cycle": cycle,
        "budget": info,
        "projects": projects,
        "kind": kind,
        "rules": info.rules,
        "selection": {},
        "per_project": {},
        "max_rank": max_rank,
    }
    return render_template(
        "admin/preview/ballot.html",
        **context,
        instructions=kind.instructions(info.rules, len(projects)),
        choices_html=Markup(render_template("vote/_choices.html", **context)),
        spent=0,
        spent_pct=0,
        points_used=0,
        questions=questions_of(cycle.id),
        answers={},
    )

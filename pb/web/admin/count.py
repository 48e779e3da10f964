"""Staff: after voting closes, run each budget's count, review it, then publish the results."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from pb.domain.phases import Phase
from pb.services import tallying as service
from pb.services.errors import Refused
from pb.web.admin import bp
from pb.web.admin.budgets import budget_or_404
from pb.web.admin.cycles import cycle_or_404
from pb.web.auth import staff_required


@bp.route("/cycles/<int:cycle_id>/count")
@staff_required("staff")
def count(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    phase = cycle.current_phase
    counts = service.latest_counts(cycle) if phase.index >= Phase.COUNTING.index else {}
    reviews = [
        {"budget": b, "count": counts[b.id], "rows": service.result_rows(b, counts[b.id])}
        for b in cycle.budgets
        if b.id in counts
    ]
    return render_template(
        "admin/count.html", cycle=cycle, phase=phase, reviews=reviews, counted=set(counts)
    )


@bp.route("/budgets/<int:budget_id>/count", methods=["POST"])
@staff_required("staff")
def count_run(budget_id: int):
    budget = budget_or_404(budget_id)
    try:
        result = service.run_count(current_user, budget)
    except Refused as e:
        flash(e.message, "error")
    else:
        flash(
            f"Counted {result.ballots} ballot(s) of {budget.name}. Review the result below.",
            "success",
        )
    return redirect(url_for(".count", cycle_id=budget.cycle_id))


@bp.route("/cycles/<int:cycle_id>/publish", methods=["POST"])
@staff_required("staff")
def publish(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    try:
        service.publish(current_user, cycle)
    except Refused as e:
        flash(e.message, "error")
        return redirect(url_for(".count", cycle_id=cycle.id))
    flash("The results are published.", "success")
    return redirect(url_for("public.results", slug=cycle.slug))

"""Staff: a cycle's budgets, with their ballot settings and counting rule."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from pb.domain.tally.tiebreak import TIE_BREAKS
from pb.extensions import db
from pb.models import Budget
from pb.services import cycles as service
from pb.services.errors import Refused
from pb.web.admin import bp
from pb.web.admin.cycles import cycle_or_404
from pb.web.admin.forms import BudgetForm, opts
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status


def budget_or_404(budget_id: int) -> Budget:
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        abort(404)
    return budget


def _form(budget: Budget | None = None) -> BudgetForm:
    form = BudgetForm(obj=budget)
    rules = service.usable_rules()
    form.rule.choices = opts((name, name) for name in rules)
    form.tie_break.choices = opts(
        (t.name, f"{t.name}: {t.description}") for t in TIE_BREAKS.values()
    )
    form.rule_descriptions = {name: spec.description for name, spec in rules.items()}
    return form


def _page(form: BudgetForm, budget: Budget | None, cycle):
    return render_template(
        "admin/budget_form.html", form=form, budget=budget, cycle=cycle
    ), form_status(form)


@bp.route("/cycles/<int:cycle_id>/budgets/new", methods=["GET", "POST"])
@staff_required("staff")
def budget_new(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    form = _form()
    if attempt(form, lambda: service.create_budget(current_user, cycle, **form.values())):
        flash("Budget created.", "success")
        return redirect(url_for(".cycle", cycle_id=cycle.id))
    return _page(form, None, cycle)


@bp.route("/budgets/<int:budget_id>/edit", methods=["GET", "POST"])
@staff_required("staff")
def budget_edit(budget_id: int):
    budget = budget_or_404(budget_id)
    cycle = budget.cycle
    form = _form(budget)
    if attempt(form, lambda: service.update_budget(current_user, budget, **form.values())):
        flash("Saved.", "success")
        return redirect(url_for(".cycle", cycle_id=cycle.id))
    return _page(form, budget, cycle)


@bp.route("/budgets/<int:budget_id>/delete", methods=["POST"])
@staff_required("staff")
def budget_delete(budget_id: int):
    budget = budget_or_404(budget_id)
    cycle_id = budget.cycle_id
    try:
        service.delete_budget(current_user, budget)
    except Refused as e:
        flash(e.message, "error")
    else:
        flash("Budget deleted.", "success")
    return redirect(url_for(".cycle", cycle_id=cycle_id))

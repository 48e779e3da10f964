"""Staff: a cycle's budgets, with their ballot settings and counting rule."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from pb.domain.tally.tiebreak import TIE_BREAKS
from pb.models import Budget, Cycle
from pb.services import cycles as service
from pb.web.admin import bp
from pb.web.admin.forms import opts
from pb.web.admin.forms.budgets import BudgetForm
from pb.web.admin.lookup import budget_in, cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform


def _form(budget: Budget | None = None) -> BudgetForm:
    form = BudgetForm(obj=budget)
    rules = service.usable_rules()
    form.rule.choices = opts((name, name) for name in rules)
    form.tie_break.choices = opts(
        (t.name, f"{t.name}: {t.description}") for t in TIE_BREAKS.values()
    )
    form.rule_descriptions = {name: spec.description for name, spec in rules.items()}
    return form


def _page(form: BudgetForm, budget: Budget | None, cycle: Cycle):
    return render_template(
        "admin/budgets/form.html", form=form, budget=budget, cycle=cycle
    ), form_status(form)


@bp.route("/c/<slug>/budgets/new", methods=["GET", "POST"])
@staff_required("staff")
def budget_new(slug: str):
    cycle = cycle_by_slug(slug)
    form = _form()
    if attempt(form, lambda: service.create_budget(current_user, cycle, **form.values())):
        flash("Budget created.", "success")
        return redirect(url_for(".cycle", slug=cycle.slug))
    return _page(form, None, cycle)


@bp.route("/c/<slug>/budgets/<int:budget_id>/edit", methods=["GET", "POST"])
@staff_required("staff")
def budget_edit(slug: str, budget_id: int):
    cycle = cycle_by_slug(slug)
    budget = budget_in(cycle, budget_id)
    form = _form(budget)
    if attempt(form, lambda: service.update_budget(current_user, budget, **form.values())):
        flash("Saved.", "success")
        return redirect(url_for(".cycle", slug=cycle.slug))
    return _page(form, budget, cycle)


@bp.route("/c/<slug>/budgets/<int:budget_id>/delete", methods=["POST"])
@staff_required("staff")
def budget_delete(slug: str, budget_id: int):
    cycle = cycle_by_slug(slug)
    budget = budget_in(cycle, budget_id)
    if perform(lambda: service.delete_budget(current_user, budget)):
        flash("Budget deleted.", "success")
    return redirect(url_for(".cycle", slug=cycle.slug))

"""Staff: a cycle's budgets, with their ballot settings and counting rule."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from pb.domain.ballots import BALLOT_KINDS
from pb.domain.tally.tiebreak import TIE_BREAKS
from pb.models import Budget, Cycle
from pb.services import cycles as service
from pb.services.wording import translate
from pb.web.admin import bp
from pb.web.admin.forms import opts
from pb.web.admin.forms.budgets import FIELD_GROUPS, BudgetForm
from pb.web.admin.lookup import budget_in, cycle_by_slug
from pb.web.admin.words import TIE_BREAK_HELP, rule_name, tie_break_name
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform


def _kinds_of(spec) -> str:
    """The ballot kinds a rule counts, for the page's script to offer only those."""
    return " ".join(k.name for k in BALLOT_KINDS.values() if spec.supports(k.vote_type))


def _form(budget: Budget | None = None) -> BudgetForm:
    form = BudgetForm(obj=budget)
    rules = service.usable_rules()
    form.rule.choices = [
        SelectChoice(name, rule_name(name), {"data-kinds": _kinds_of(spec)})
        for name, spec in rules.items()
    ]
    form.tie_break.choices = opts((name, tie_break_name(name)) for name in TIE_BREAKS)
    form.rule_help = [
        (rule_name(name), translate(spec.description), _kinds_of(spec))
        for name, spec in rules.items()
    ]
    form.tie_break_help = [
        (tie_break_name(name), TIE_BREAK_HELP.get(name, t.description))
        for name, t in TIE_BREAKS.items()
    ]
    return form


def _page(form: BudgetForm, budget: Budget | None, cycle: Cycle):
    return render_template(
        "admin/budgets/form.html", form=form, budget=budget, cycle=cycle, groups=FIELD_GROUPS
    ), form_status(form)


@bp.route("/c/<slug>/budgets/new", methods=["GET", "POST"])
@staff_required("staff")
def budget_new(slug: str):
    cycle = cycle_by_slug(slug)
    form = _form()
    if attempt(form, lambda: service.create_budget(current_user, cycle, **form.values())):
        flash(_("Budget created."), "success")
        return redirect(url_for(".cycle", slug=cycle.slug))
    return _page(form, None, cycle)


@bp.route("/c/<slug>/budgets/<int:budget_id>/edit", methods=["GET", "POST"])
@staff_required("staff")
def budget_edit(slug: str, budget_id: int):
    cycle = cycle_by_slug(slug)
    budget = budget_in(cycle, budget_id)
    form = _form(budget)
    if attempt(form, lambda: service.update_budget(current_user, budget, **form.values())):
        flash(_("Saved."), "success")
        return redirect(url_for(".cycle", slug=cycle.slug))
    return _page(form, budget, cycle)


@bp.route("/c/<slug>/budgets/<int:budget_id>/delete", methods=["POST"])
@staff_required("staff")
def budget_delete(slug: str, budget_id: int):
    cycle = cycle_by_slug(slug)
    budget = budget_in(cycle, budget_id)
    if perform(lambda: service.delete_budget(current_user, budget)):
        flash(_("Budget deleted."), "success")
    return redirect(url_for(".cycle", slug=cycle.slug))

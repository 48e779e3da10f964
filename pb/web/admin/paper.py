"""Staff: paper ballots. Stacks of a budget's paper ballots with their totals, and the fast
typing page: ballot number, code, project numbers, Enter, the next ballot."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from pb.services import paper as service
from pb.web.admin import bp
from pb.web.admin.forms.paper import PaperBatchForm, PaperEntryForm
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform

# Whole sentences, so that each language can order its words.
HOW = {
    "approval": _l(
        "Type the numbers of the ticked projects, e.g. 3 7 12. An empty ballot is refused if "
        "the rules ask for choices."
    ),
    "knapsack": _l(
        "Type the numbers of the ticked projects, e.g. 3 7 12. An empty ballot is refused if "
        "the rules ask for choices."
    ),
    "ranked": _l(
        "Type the project numbers in the order of the ranks, first choice first, e.g. 7 3 12. "
        "An empty ballot is refused if the rules ask for choices."
    ),
    "cumulative": _l(
        "Type project:points for each project given points, e.g. 3:5 7:2. An empty ballot is "
        "refused if the rules ask for choices."
    ),
}
SAID = {
    "waiting": _l("Ballot %(n)s is typed once. A second staff account types it to accept it."),
    "accepted": _l("Ballot %(n)s: both typings agree. The ballot is accepted and sealed."),
    "mismatch": _l("Ballot %(n)s: the typings disagree. It is listed below for a third look."),
    "refused": _l(
        "Ballot %(n)s cannot be accepted: %(reason)s Nothing was stored; set the paper aside."
    ),
}


def _batch_form(cycle) -> PaperBatchForm:
    form = PaperBatchForm(prefix="stack")
    form.budget.choices = [(b.id, b.name) for b in cycle.budgets]
    return form


@bp.route("/c/<slug>/paper", methods=["GET", "POST"])
@staff_required("staff")
def paper(slug: str):
    cycle = cycle_by_slug(slug)
    form = _batch_form(cycle)
    budgets = {b.id: b for b in cycle.budgets}
    done = attempt(
        form,
        lambda: service.create_batch(
            current_user, budgets[form.budget.data], form.label.data, form.counted.data
        ),
    )
    if done:
        return redirect(url_for(".paper_entry", slug=cycle.slug, paper_batch_id=done.value.id))
    return render_template(
        "admin/paper/index.html", cycle=cycle, form=form, stacks=service.batches(cycle)
    ), form_status(form)


@bp.route("/c/<slug>/paper/<int:paper_batch_id>", methods=["GET", "POST"])
@staff_required("staff")
def paper_entry(slug: str, paper_batch_id: int):
    cycle = cycle_by_slug(slug)
    batch = service.batch_of(cycle, paper_batch_id)
    if batch is None:
        abort(404)
    form = PaperEntryForm(prefix="")
    done = attempt(
        form,
        lambda: service.enter(
            current_user,
            batch,
            form.number.data,
            form.code.data or "",
            form.choices.data or "",
            pepper=current_app.config["PB_CODE_PEPPER"],
        ),
    )
    if done:
        entered = done.value
        category = {"accepted": "success", "waiting": "success"}.get(entered.outcome, "error")
        flash(
            str(SAID[entered.outcome]) % {"n": entered.number, "reason": entered.reason}, category
        )
        return redirect(
            url_for(
                ".paper_entry", slug=cycle.slug, paper_batch_id=batch.id, next=entered.number + 1
            )
        )
    if request.method == "GET":
        form.number.data = request.args.get("next", type=int) or 1
    totals = service.totals(batch)
    return render_template(
        "admin/paper/entry.html",
        cycle=cycle,
        form=form,
        totals=totals,
        how=HOW[totals.budget.ballot_kind],
    ), form_status(form)


@bp.route("/c/<slug>/paper/<int:paper_batch_id>/aside", methods=["POST"])
@staff_required("staff")
def paper_aside(slug: str, paper_batch_id: int):
    cycle = cycle_by_slug(slug)
    batch = service.batch_of(cycle, paper_batch_id)
    if batch is None:
        abort(404)
    number = request.form.get("number", type=int) or 0
    reason = request.form.get("reason", "")
    if perform(lambda: service.set_aside(current_user, batch, number, reason)):
        flash(_("Ballot %(n)s is set aside and counted as refused.", n=number), "success")
    return redirect(url_for(".paper_entry", slug=cycle.slug, paper_batch_id=batch.id))

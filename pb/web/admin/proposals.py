"""Proposal development: delegates and staff write proposals from ideas with cost lines; staff
review feasibility and promote feasible proposals into a budget's ballot projects."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.domain.phases import Phase
from pb.models.cycle import Cycle
from pb.models.proposals import Proposal
from pb.services import ideas as idea_svc
from pb.services import proposals as svc
from pb.services.proposal_review import linkable_ideas, proposals_of
from pb.web.admin import bp
from pb.web.admin.forms import opts
from pb.web.admin.forms.proposals import COST_ROWS, PromoteForm, ProposalForm, ReviewForm
from pb.web.admin.lookup import budget_in, cycle_by_slug, proposal_in
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status
from pb.web.guards import phase_required
from pb.web.ideas.forms import district_choices, file_bytes
from pb.web.media import uploads_store

EDITABLE = (Phase.IDEAS, Phase.PROPOSALS)


@bp.route("/c/<slug>/proposals")
def proposals_list(slug: str):
    cycle = cycle_by_slug(slug)
    return render_template(
        "admin/proposals/list.html",
        cycle=cycle,
        proposals=proposals_of(cycle),
    )


def _form(cycle: Cycle, proposal: Proposal | None = None) -> ProposalForm:
    if request.method == "POST":
        form = ProposalForm()
    elif proposal is not None:
        form = ProposalForm(obj=proposal, formdata=None)
        form.ideas.data = [i.id for i in proposal.ideas]
        for entry, item in zip(form.cost_items.entries, proposal.cost_items, strict=False):
            entry.form.label.data, entry.form.amount.data = item.label, str(item.amount)
    else:
        form = ProposalForm(formdata=None)
        form.ideas.data = [int(i) for i in request.args.getlist("idea") if i.isdigit()]
    while len(form.cost_items.entries) < max(
        COST_ROWS, len(proposal.cost_items) + 2 if proposal else 0
    ):
        form.cost_items.append_entry()
    form.category.choices = opts(
        [("", "None yet")] + [(c, c) for c in idea_svc.settings_for(cycle).category_list]
    )
    form.district.choices = district_choices(idea_svc.districts_for(cycle))
    form.ideas.choices = opts(
        (i.id, f"#{i.id} {i.title} ({i.support_count} supports)") for i in linkable_ideas(cycle)
    )
    return form


def _save(cycle: Cycle, form: ProposalForm, proposal: Proposal | None) -> Proposal:
    lines = svc.parse_cost_lines(
        [(e.form.label.data or "", e.form.amount.data or "") for e in form.cost_items.entries]
    )
    data = svc.ProposalInput(
        title=form.title.data,
        summary=form.summary.data or "",
        description=form.description.data or "",
        category=form.category.data or "",
        district=form.district.data or "",
        location=form.location.data or "",
    )
    return svc.save(
        current_user,
        cycle,
        data,
        form.ideas.data or [],
        lines,
        file_bytes(form.image),
        proposal,
        uploads=uploads_store(),
    )


def _form_page(cycle: Cycle, form: ProposalForm, proposal: Proposal | None):
    return render_template(
        "admin/proposals/form.html", cycle=cycle, form=form, proposal=proposal
    ), form_status(form)


@bp.route("/c/<slug>/proposals/new", methods=["GET", "POST"])
@phase_required(*EDITABLE)
def proposal_new(slug: str):
    cycle = g.cycle
    form = _form(cycle)
    done = attempt(form, lambda: _save(cycle, form, None))
    if done:
        flash(_("Proposal created."), "success")
        return redirect(url_for("admin.proposal_detail", slug=slug, proposal_id=done.value.id), 303)
    return _form_page(cycle, form, None)


@bp.route("/c/<slug>/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@phase_required(*EDITABLE)
def proposal_edit(slug: str, proposal_id: int):
    cycle = g.cycle
    proposal = proposal_in(cycle, proposal_id)
    form = _form(cycle, proposal)
    if attempt(form, lambda: _save(cycle, form, proposal)):
        flash(_("Proposal saved."), "success")
        return redirect(url_for("admin.proposal_detail", slug=slug, proposal_id=proposal.id), 303)
    return _form_page(cycle, form, proposal)


def _detail(proposal: Proposal, review_form=None, promote_form=None):
    cycle = proposal.cycle
    promote_form = promote_form or PromoteForm(formdata=None)
    promote_form.budget.choices = _budget_choices(cycle)
    review_form = review_form or ReviewForm(
        formdata=None,
        verdict=proposal.review if proposal.review != "pending" else None,
        public_reason=proposal.public_reason,
        internal_notes=proposal.internal_notes,
    )
    return render_template(
        "admin/proposals/proposal.html",
        cycle=cycle,
        proposal=proposal,
        review_form=review_form,
        promote_form=promote_form,
    ), max(form_status(review_form), form_status(promote_form))


def _budget_choices(cycle: Cycle) -> list:
    return opts((b.id, b.name) for b in cycle.budgets)


@bp.route("/c/<slug>/proposals/<int:proposal_id>")
def proposal_detail(slug: str, proposal_id: int):
    return _detail(proposal_in(cycle_by_slug(slug), proposal_id))


@bp.route("/c/<slug>/proposals/<int:proposal_id>/review", methods=["POST"])
@staff_required("staff")
def proposal_review(slug: str, proposal_id: int):
    proposal = proposal_in(cycle_by_slug(slug), proposal_id)
    form = ReviewForm()
    if attempt(
        form,
        lambda: svc.review(
            current_user,
            proposal,
            form.verdict.data,
            form.public_reason.data or "",
            form.internal_notes.data or "",
        ),
    ):
        flash(_("Review saved: %(review)s.", review=proposal.review_label), "success")
        return redirect(url_for("admin.proposal_detail", slug=slug, proposal_id=proposal.id), 303)
    return _detail(proposal, review_form=form)


@bp.route("/c/<slug>/proposals/<int:proposal_id>/promote", methods=["POST"])
@staff_required("staff")
def proposal_promote(slug: str, proposal_id: int):
    cycle = cycle_by_slug(slug)
    proposal = proposal_in(cycle, proposal_id)
    form = PromoteForm()
    form.budget.choices = _budget_choices(cycle)
    done = attempt(
        form, lambda: svc.promote(current_user, proposal, budget_in(cycle, form.budget.data))
    )
    if done:
        project = done.value
        flash(
            _(
                "“%(title)s” is now a project on the ballot of %(budget)s.",
                title=project.title,
                budget=project.budget.name,
            ),
            "success",
        )
        return redirect(url_for("admin.proposal_detail", slug=slug, proposal_id=proposal.id), 303)
    return _detail(proposal, promote_form=form)

"""Moderation of ideas: the queue (waiting and flagged ideas), publish, hide with a public
reason, merge duplicates, clear flags, and the per-cycle settings. Delegates may read; only
staff change anything."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from pb.extensions import db
from pb.models.ideas import Idea
from pb.services import ideas as svc
from pb.services.errors import Refused
from pb.web.admin import bp
from pb.web.admin.idea_forms import ActionForm, HideForm, IdeaSettingsForm, MergeForm
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status
from pb.web.guards import cycle_by_slug

QUEUE_FILTERS = {
    "pending": "Waiting for moderation",
    "flagged": "Flagged by residents",
    "published": "Published",
    "hidden": "Hidden",
    "merged": "Merged",
    "all": "All",
}


@bp.route("/c/<slug>/ideas")
def ideas_queue(slug: str):
    cycle = cycle_by_slug(slug)
    status = request.args.get("status", "pending")
    if status not in QUEUE_FILTERS:
        status = "pending"
    stmt = svc.search(
        cycle,
        text=request.args.get("q", "")[:100],
        status="" if status == "all" else status,
        public=False,
    )
    page = db.paginate(stmt, per_page=50, error_out=False)
    return render_template(
        "admin/ideas/queue.html",
        cycle=cycle,
        page=page,
        status=status,
        filters=QUEUE_FILTERS,
        settings=svc.settings_for(cycle),
    )


def _idea(idea_id: int) -> Idea:
    return db.get_or_404(Idea, idea_id)


def _detail(idea: Idea, hide_form=None, merge_form=None, code: int | None = None):
    hide_form = hide_form or HideForm(formdata=None, reason=idea.hidden_reason)
    merge_form = merge_form or MergeForm(formdata=None)
    return render_template(
        "admin/ideas/idea.html",
        idea=idea,
        cycle=idea.cycle,
        hide_form=hide_form,
        merge_form=merge_form,
        action_form=ActionForm(),
        show_contact=current_user.has_role("staff"),
    ), code or max(form_status(hide_form), form_status(merge_form))


@bp.route("/ideas/<int:idea_id>")
def idea_detail(idea_id: int):
    return _detail(_idea(idea_id))


@bp.route("/ideas/<int:idea_id>/publish", methods=["POST"])
@staff_required("staff")
def idea_publish(idea_id: int):
    idea = _idea(idea_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        svc.publish(idea, current_user)
    except Refused as e:
        flash(e.message, "error")
        return _detail(idea, code=409)
    flash(f"Published: {idea.title}", "success")
    return redirect(url_for("admin.ideas_queue", slug=idea.cycle.slug), 303)


@bp.route("/ideas/<int:idea_id>/hide", methods=["POST"])
@staff_required("staff")
def idea_hide(idea_id: int):
    idea = _idea(idea_id)
    form = HideForm()
    if attempt(form, lambda: svc.hide(idea, current_user, form.reason.data)):
        flash(f"Hidden: {idea.title}", "success")
        return redirect(url_for("admin.ideas_queue", slug=idea.cycle.slug), 303)
    return _detail(idea, hide_form=form)


@bp.route("/ideas/<int:idea_id>/merge", methods=["POST"])
@staff_required("staff")
def idea_merge(idea_id: int):
    idea = _idea(idea_id)
    form = MergeForm()

    def merge() -> Idea:
        survivor = db.session.get(Idea, form.survivor.data)
        if survivor is None:
            raise Refused("There is no idea with this number.", "survivor")
        svc.merge(idea, survivor, current_user)
        return survivor

    done = attempt(form, merge)
    if done:
        flash(f"Merged into #{done.value.id} {done.value.title}", "success")
        return redirect(url_for("admin.idea_detail", idea_id=done.value.id), 303)
    return _detail(idea, merge_form=form)


@bp.route("/ideas/<int:idea_id>/resolve-flags", methods=["POST"])
@staff_required("staff")
def idea_resolve_flags(idea_id: int):
    idea = _idea(idea_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    svc.resolve_flags(idea, current_user)
    flash("Flags cleared; the idea stays as it is.", "success")
    return redirect(url_for("admin.idea_detail", idea_id=idea.id), 303)


@bp.route("/c/<slug>/ideas/settings", methods=["GET", "POST"])
@staff_required("staff")
def ideas_settings(slug: str):
    cycle = cycle_by_slug(slug)
    current = svc.settings_for(cycle)
    form = IdeaSettingsForm(
        data={
            "moderation": current.moderation,
            "categories": current.categories,
            "districts": current.districts,
        }
        if request.method == "GET"
        else None
    )
    if attempt(
        form,
        lambda: svc.save_settings(
            cycle,
            current_user,
            form.moderation.data,
            form.categories.data.splitlines(),
            (form.districts.data or "").splitlines(),
        ),
    ):
        flash("Idea settings saved.", "success")
        return redirect(url_for("admin.ideas_queue", slug=slug), 303)
    return render_template("admin/ideas/settings.html", cycle=cycle, form=form), form_status(form)

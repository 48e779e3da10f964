"""Moderation of ideas: the queue (waiting and flagged ideas), publish, hide with a public
reason, merge duplicates, clear flags, and the per-cycle settings. Delegates may read; only
staff change anything."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.models.ideas import Idea
from pb.services import ideas as svc
from pb.services import moderation
from pb.web.admin import bp
from pb.web.admin.forms.ideas import HideForm, IdeaSettingsForm, MergeForm
from pb.web.admin.lookup import cycle_by_slug, idea_in
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform
from pb.web.guards import page_number, page_or_404


@bp.route("/c/<slug>/ideas")
def ideas_queue(slug: str):
    cycle = cycle_by_slug(slug)
    status = request.args.get("status", "pending")
    if status not in moderation.QUEUE_FILTERS:
        status = "pending"
    page = page_or_404(
        moderation.queue(
            cycle,
            status,
            text=request.args.get("q", "")[:100],
            page=page_number(),
        )
    )
    return render_template(
        "admin/ideas/queue.html",
        cycle=cycle,
        page=page,
        status=status,
        filters=moderation.QUEUE_FILTERS,
        settings=svc.settings_for(cycle),
    )


def _detail(idea: Idea, hide_form=None, merge_form=None, code: int | None = None):
    hide_form = hide_form or HideForm(formdata=None, reason=idea.hidden_reason)
    merge_form = merge_form or MergeForm(formdata=None)
    return render_template(
        "admin/ideas/idea.html",
        idea=idea,
        cycle=idea.cycle,
        hide_form=hide_form,
        merge_form=merge_form,
        show_contact=current_user.has_role("staff"),
    ), code or max(form_status(hide_form), form_status(merge_form))


@bp.route("/c/<slug>/ideas/<int:idea_id>")
def idea_detail(slug: str, idea_id: int):
    return _detail(idea_in(cycle_by_slug(slug), idea_id))


@bp.route("/c/<slug>/ideas/<int:idea_id>/publish", methods=["POST"])
@staff_required("staff")
def idea_publish(slug: str, idea_id: int):
    idea = idea_in(cycle_by_slug(slug), idea_id)
    if not perform(lambda: svc.publish(current_user, idea)):
        return _detail(idea, code=409)
    flash(_("Published: %(title)s", title=idea.title), "success")
    return redirect(url_for("admin.ideas_queue", slug=slug), 303)


@bp.route("/c/<slug>/ideas/<int:idea_id>/hide", methods=["POST"])
@staff_required("staff")
def idea_hide(slug: str, idea_id: int):
    idea = idea_in(cycle_by_slug(slug), idea_id)
    form = HideForm()
    if attempt(form, lambda: svc.hide(current_user, idea, form.reason.data)):
        flash(_("Hidden: %(title)s", title=idea.title), "success")
        return redirect(url_for("admin.ideas_queue", slug=slug), 303)
    return _detail(idea, hide_form=form)


@bp.route("/c/<slug>/ideas/<int:idea_id>/merge", methods=["POST"])
@staff_required("staff")
def idea_merge(slug: str, idea_id: int):
    idea = idea_in(cycle_by_slug(slug), idea_id)
    form = MergeForm()
    done = attempt(form, lambda: moderation.merge_into(current_user, idea, form.survivor.data))
    if done:
        flash(
            _("Merged into #%(number)s %(title)s", number=done.value.id, title=done.value.title),
            "success",
        )
        return redirect(url_for("admin.idea_detail", slug=slug, idea_id=done.value.id), 303)
    return _detail(idea, merge_form=form)


@bp.route("/c/<slug>/ideas/<int:idea_id>/resolve-flags", methods=["POST"])
@staff_required("staff")
def idea_resolve_flags(slug: str, idea_id: int):
    idea = idea_in(cycle_by_slug(slug), idea_id)
    svc.resolve_flags(current_user, idea)
    flash(_("Flags cleared; the idea stays as it is."), "success")
    return redirect(url_for("admin.idea_detail", slug=slug, idea_id=idea.id), 303)


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
            "residents_only": current.residents_only,
        }
        if request.method == "GET"
        else None
    )
    if attempt(
        form,
        lambda: svc.save_settings(
            current_user,
            cycle,
            form.moderation.data,
            form.categories.data.splitlines(),
            (form.districts.data or "").splitlines(),
            bool(form.residents_only.data),
        ),
    ):
        flash(_("Idea settings saved."), "success")
        return redirect(url_for("admin.ideas_queue", slug=slug), 303)
    return render_template("admin/ideas/settings.html", cycle=cycle, form=form), form_status(form)

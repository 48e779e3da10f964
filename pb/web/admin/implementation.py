"""Implementation tracking (staff): which funded projects are tracked, their status, progress
and money spent, and dated public updates with an optional photo."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from pb.models.cycle import Cycle
from pb.models.implementation import ProjectProgress
from pb.services import cycles
from pb.services import implementation as svc
from pb.web.admin import bp
from pb.web.admin.forms import opts
from pb.web.admin.forms.implementation import StatusForm, TrackForm, UpdateForm
from pb.web.admin.lookup import cycle_by_slug, progress_in
from pb.web.auth import staff_required
from pb.web.forms import ask_photo_again, attempt, form_status
from pb.web.ideas.forms import file_bytes
from pb.web.media import uploads_store


def _track_form(cycle: Cycle, form: TrackForm | None = None) -> TrackForm:
    form = form or TrackForm(formdata=None, projects=sorted(svc.published_winners(cycle)))
    form.projects.choices = opts(
        (p.id, f"{p.budget.name}: {p.title}")
        for p in cycles.projects_of(cycle)
        if p.progress is None
    )
    return form


def _list_page(cycle: Cycle, form: TrackForm):
    return render_template(
        "admin/implementation/list.html", cycle=cycle, summary=svc.summary(cycle), form=form
    ), form_status(form)


@bp.route("/c/<slug>/implementation")
@staff_required("staff")
def impl_list(slug: str):
    cycle = cycle_by_slug(slug)
    return _list_page(cycle, _track_form(cycle))


@bp.route("/c/<slug>/implementation/track", methods=["POST"])
@staff_required("staff")
def impl_track(slug: str):
    cycle = cycle_by_slug(slug)
    form = _track_form(cycle, TrackForm())
    done = attempt(form, lambda: svc.track(current_user, cycle, form.projects.data or []))
    if done:
        n = done.value
        flash(
            ngettext("%(num)s project now tracked.", "%(num)s projects now tracked.", n), "success"
        )
        return redirect(url_for("admin.impl_list", slug=slug), 303)
    return _list_page(cycle, form)


def _page(progress: ProjectProgress, status_form=None, update_form=None):
    status_form = status_form or StatusForm(obj=progress, formdata=None)
    update_form = update_form or UpdateForm(formdata=None, posted_on=date.today())
    return render_template(
        "admin/implementation/progress.html",
        progress=progress,
        project=progress.project,
        cycle=progress.project.budget.cycle,
        status_form=status_form,
        update_form=update_form,
    ), max(form_status(status_form), form_status(update_form))


@bp.route("/c/<slug>/projects/<int:project_id>/progress")
@staff_required("staff")
def impl_edit(slug: str, project_id: int):
    return _page(progress_in(cycle_by_slug(slug), project_id))


def _post(slug: str, project_id: int, form_class, call, done: str, form_name: str):
    """One of the progress page's two forms: run the use case, or show the page again with
    this form's problems."""
    progress = progress_in(cycle_by_slug(slug), project_id)
    form = form_class()
    if attempt(form, lambda: call(progress, form)):
        flash(done, "success")
        return redirect(url_for("admin.impl_edit", slug=slug, project_id=project_id), 303)
    if "photo" in form:
        ask_photo_again(form)
    return _page(progress, **{form_name: form})


@bp.route("/c/<slug>/projects/<int:project_id>/progress/status", methods=["POST"])
@staff_required("staff")
def impl_status(slug: str, project_id: int):
    def save(progress, form):
        return svc.set_status(
            current_user,
            progress,
            form.status.data,
            form.percent.data,
            form.spent.data,
            form.cancel_reason.data or "",
        )

    return _post(slug, project_id, StatusForm, save, _("Status saved."), "status_form")


@bp.route("/c/<slug>/projects/<int:project_id>/progress/updates", methods=["POST"])
@staff_required("staff")
def impl_add_update(slug: str, project_id: int):
    def publish(progress, form):
        return svc.add_update(
            current_user,
            progress,
            form.posted_on.data,
            form.title.data,
            form.body.data or "",
            file_bytes(form.photo),
            uploads=uploads_store(),
        )

    return _post(slug, project_id, UpdateForm, publish, _("Update published."), "update_form")

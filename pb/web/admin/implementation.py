"""Implementation tracking (staff): which funded projects are tracked, their status, progress
and money spent, and dated public updates with an optional photo."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from pb.extensions import db
from pb.models.cycle import Budget, Cycle, Project
from pb.models.implementation import ProjectProgress
from pb.services import implementation as svc
from pb.web.admin import bp
from pb.web.admin.idea_forms import StatusForm, TrackForm, UpdateForm
from pb.web.auth import staff_required
from pb.web.forms import ask_photo_again, attempt, form_status
from pb.web.guards import cycle_by_slug
from pb.web.ideas.forms import file_bytes, opts
from pb.web.media import upload_dir


def _track_form(cycle: Cycle, form: TrackForm | None = None) -> TrackForm:
    form = form or TrackForm(formdata=None, projects=sorted(svc.published_winners(cycle)))
    projects = db.session.scalars(
        db.select(Project)
        .join(Budget)
        .where(Budget.cycle_id == cycle.id)
        .order_by(Budget.position, Project.position, Project.id)
    ).all()
    form.projects.choices = opts(
        (p.id, f"{p.budget.name}: {p.title}") for p in projects if p.progress is None
    )
    return form


@bp.route("/c/<slug>/implementation")
@staff_required("staff")
def impl_list(slug: str, form: TrackForm | None = None):
    cycle = cycle_by_slug(slug)
    form = _track_form(cycle, form)
    return render_template(
        "admin/ideas/implementation.html", cycle=cycle, summary=svc.summary(cycle), form=form
    ), form_status(form)


@bp.route("/c/<slug>/implementation/track", methods=["POST"])
@staff_required("staff")
def impl_track(slug: str):
    cycle = cycle_by_slug(slug)
    form = _track_form(cycle, TrackForm())
    done = attempt(form, lambda: svc.track(cycle, current_user, form.projects.data or []))
    if done:
        n = done.value
        flash(f"{n} project{'' if n == 1 else 's'} now tracked.", "success")
        return redirect(url_for("admin.impl_list", slug=slug), 303)
    return impl_list(slug, form=form)


def _progress(project_id: int) -> ProjectProgress:
    return db.get_or_404(ProjectProgress, project_id)


def _page(progress: ProjectProgress, status_form=None, update_form=None):
    status_form = status_form or StatusForm(obj=progress, formdata=None)
    update_form = update_form or UpdateForm(formdata=None, posted_on=date.today())
    return render_template(
        "admin/ideas/project_progress.html",
        progress=progress,
        project=progress.project,
        cycle=progress.project.budget.cycle,
        status_form=status_form,
        update_form=update_form,
    ), max(form_status(status_form), form_status(update_form))


@bp.route("/projects/<int:project_id>/progress")
@staff_required("staff")
def impl_edit(project_id: int):
    return _page(_progress(project_id))


@bp.route("/projects/<int:project_id>/progress/status", methods=["POST"])
@staff_required("staff")
def impl_status(project_id: int):
    progress = _progress(project_id)
    form = StatusForm()
    if attempt(
        form,
        lambda: svc.set_status(
            progress,
            current_user,
            form.status.data,
            form.percent.data,
            form.spent.data,
            form.cancel_reason.data or "",
        ),
    ):
        flash("Status saved.", "success")
        return redirect(url_for("admin.impl_edit", project_id=project_id), 303)
    return _page(progress, status_form=form)


@bp.route("/projects/<int:project_id>/progress/updates", methods=["POST"])
@staff_required("staff")
def impl_add_update(project_id: int):
    progress = _progress(project_id)
    form = UpdateForm()
    if attempt(
        form,
        lambda: svc.add_update(
            progress,
            current_user,
            form.posted_on.data,
            form.title.data,
            form.body.data or "",
            file_bytes(form.photo),
            uploads=upload_dir(),
        ),
    ):
        flash("Update published.", "success")
        return redirect(url_for("admin.impl_edit", project_id=project_id), 303)
    ask_photo_again(form)
    return _page(progress, update_form=form)

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
from pb.services.errors import Refused
from pb.web.admin import bp
from pb.web.admin.idea_forms import StatusForm, TrackForm, UpdateForm
from pb.web.auth import staff_required
from pb.web.ideas.forms import file_bytes, opts, refuse


def _cycle(slug: str) -> Cycle:
    return db.first_or_404(db.select(Cycle).filter_by(slug=slug))


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
def impl_list(slug: str, form: TrackForm | None = None, code: int = 200):
    cycle = _cycle(slug)
    return render_template(
        "admin/ideas/implementation.html",
        cycle=cycle,
        summary=svc.summary(cycle),
        form=_track_form(cycle, form),
    ), code


@bp.route("/c/<slug>/implementation/track", methods=["POST"])
@staff_required("staff")
def impl_track(slug: str):
    cycle = _cycle(slug)
    form = _track_form(cycle, TrackForm())
    if form.validate_on_submit():
        try:
            n = svc.track(cycle, current_user, form.projects.data or [])
        except Refused as e:
            refuse(form, e)
        else:
            flash(f"{n} project{'' if n == 1 else 's'} now tracked.", "success")
            return redirect(url_for("admin.impl_list", slug=slug), 303)
    return impl_list(slug, form=form, code=400)


def _progress(project_id: int) -> ProjectProgress:
    return db.get_or_404(ProjectProgress, project_id)


def _page(progress: ProjectProgress, status_form=None, update_form=None, code: int = 200):
    return render_template(
        "admin/ideas/project_progress.html",
        progress=progress,
        project=progress.project,
        cycle=progress.project.budget.cycle,
        status_form=status_form or StatusForm(obj=progress, formdata=None),
        update_form=update_form or UpdateForm(formdata=None, posted_on=date.today()),
    ), code


@bp.route("/projects/<int:project_id>/progress")
@staff_required("staff")
def impl_edit(project_id: int):
    return _page(_progress(project_id))


@bp.route("/projects/<int:project_id>/progress/status", methods=["POST"])
@staff_required("staff")
def impl_status(project_id: int):
    progress = _progress(project_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            svc.set_status(
                progress,
                current_user,
                form.status.data,
                form.percent.data,
                form.spent.data,
                form.cancel_reason.data or "",
            )
        except Refused as e:
            refuse(form, e)
        else:
            flash("Status saved.", "success")
            return redirect(url_for("admin.impl_edit", project_id=project_id), 303)
    return _page(progress, status_form=form, code=400)


@bp.route("/projects/<int:project_id>/progress/updates", methods=["POST"])
@staff_required("staff")
def impl_add_update(project_id: int):
    progress = _progress(project_id)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            svc.add_update(
                progress,
                current_user,
                form.posted_on.data,
                form.title.data,
                form.body.data or "",
                file_bytes(form.photo),
            )
        except Refused as e:
            refuse(form, e)
        else:
            flash("Update published.", "success")
            return redirect(url_for("admin.impl_edit", project_id=project_id), 303)
    if form.errors and form.photo.data:
        form.photo.errors = [*form.photo.errors, "Please choose the photo again."]
    return _page(progress, update_form=form, code=400)

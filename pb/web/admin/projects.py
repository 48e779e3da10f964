"""Staff: a budget's projects, with an optional photo (checked and re-encoded before storing)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from pb.models import Budget, Project
from pb.services import checklist, photos
from pb.services import cycles as service
from pb.web.admin import bp
from pb.web.admin.cycles import confirm_page
from pb.web.admin.forms.projects import ProjectForm
from pb.web.admin.lookup import budget_in, cycle_by_slug, project_in
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform
from pb.web.i18n import translate
from pb.web.media import uploads_store


def _save(form: ProjectForm, budget: Budget, project: Project | None):
    """Check the photo, then save in one use case; a failed save removes the stored photo."""
    upload = form.image.data  # on an edit without a new file, WTForms leaves the old name here
    sent = upload.read() if isinstance(upload, FileStorage) and upload.filename else None
    values = form.values()
    with photos.stored_photo(sent, uploads_store(), field="image") as name:
        if name:
            values["image"] = name
        elif project is not None and form.remove_image.data:
            values["image"] = ""
        if project is None:
            return service.create_project(current_user, budget, **values)
        return service.update_project(current_user, project, **values)


def _saved(project: Project, message: str) -> None:
    flash(message, "success")
    if warning := checklist.cost_warning(project):
        flash(translate(warning), "warning")


def _page(form, budget, project):
    return render_template(
        "admin/projects/form.html", form=form, budget=budget, project=project, cycle=budget.cycle
    ), form_status(form)


@bp.route("/c/<slug>/budgets/<int:budget_id>/projects/new", methods=["GET", "POST"])
@staff_required("staff")
def project_new(slug: str, budget_id: int):
    budget = budget_in(cycle_by_slug(slug), budget_id)
    form = ProjectForm()
    done = attempt(form, lambda: _save(form, budget, None))
    if done:
        _saved(done.value, _("Project added."))
        return redirect(url_for(".cycle", slug=slug))
    return _page(form, budget, None)


@bp.route("/c/<slug>/projects/<int:project_id>/edit", methods=["GET", "POST"])
@staff_required("staff")
def project_edit(slug: str, project_id: int):
    project = project_in(cycle_by_slug(slug), project_id)
    budget = project.budget
    form = ProjectForm(obj=project)
    old_image = project.image
    if attempt(form, lambda: _save(form, budget, project)):
        if old_image and old_image != project.image:
            photos.discard(old_image, uploads_store())
        _saved(project, _("Saved."))
        return redirect(url_for(".cycle", slug=slug))
    return _page(form, budget, project)


@bp.route("/c/<slug>/projects/<int:project_id>/delete", methods=["GET", "POST"])
@staff_required("staff")
def project_delete(slug: str, project_id: int):
    cycle = cycle_by_slug(slug)
    project = project_in(cycle, project_id)
    if request.method == "GET":
        return confirm_page(
            cycle,
            _("Delete the project %(project)s?", project=project.title),
            [
                _(
                    "The project leaves the budget %(budget)s with its text and photo. "
                    "This cannot be undone.",
                    budget=project.budget.name,
                )
            ],
            _("Delete the project"),
            button_class="danger",
            back=url_for(".project_edit", slug=slug, project_id=project.id),
        )
    image = project.image
    if perform(lambda: service.delete_project(current_user, project)):
        photos.discard(image, uploads_store())
        flash(_("Project deleted."), "success")
    return redirect(url_for(".cycle", slug=slug))

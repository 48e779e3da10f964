"""Staff: import a budget's projects from a CSV or a `.pb`, with a preview that lists every
row's problems before anything is saved."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from pb.services import project_import as service
from pb.services.errors import Refused
from pb.web.admin import bp
from pb.web.admin.forms.project_import import ProjectImportForm
from pb.web.admin.lookup import budget_in, cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import refuse


@bp.route("/c/<slug>/budgets/<int:budget_id>/projects/import", methods=["GET", "POST"])
@staff_required("staff")
def projects_import(slug: str, budget_id: int):
    cycle = cycle_by_slug(slug)
    budget = budget_in(cycle, budget_id)
    form = ProjectImportForm()
    upload, status = None, 200
    if request.method == "POST":
        sent = form.text() if form.validate_on_submit() else None
        if sent is None:
            status = 422
        else:
            name, text = sent
            form.name.data, form.content.data = name, text
            upload = service.preview(budget, name, text)
            if request.form.get("action") == "save":
                try:
                    added = service.import_projects(current_user, budget, name, text)
                except Refused as e:
                    refuse(form, e)
                    status = 409 if upload.ok else 422
                else:
                    flash(
                        ngettext(
                            "%(num)s project imported into %(budget)s.",
                            "%(num)s projects imported into %(budget)s.",
                            added,
                            budget=budget.name,
                        ),
                        "success",
                    )
                    return redirect(url_for(".cycle", slug=slug), 303)
            elif not upload.ok:
                status = 422
    return render_template(
        "admin/project_import/form.html", cycle=cycle, budget=budget, form=form, upload=upload
    ), status

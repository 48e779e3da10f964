"""Staff: a cycle's open data settings (place, licence, k-anonymity, voter questions)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.domain.voter_questions import parse_keys
from pb.services import open_data_settings as service
from pb.web.admin import bp
from pb.web.admin.forms.open_data import OpenDataForm
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status


@bp.route("/c/<slug>/open-data", methods=["GET", "POST"])
@staff_required("staff")
def open_data(slug: str):
    cycle = cycle_by_slug(slug)
    if request.method == "GET":
        form = OpenDataForm(
            formdata=None,
            data={
                "country": cycle.country,
                "unit": cycle.unit,
                "language": cycle.language,
                "licence": cycle.licence,
                "export_k": cycle.export_k,
                "questions": parse_keys(cycle.questions),
            },
        )
    else:
        form = OpenDataForm()
    if attempt(form, lambda: service.update_settings(current_user, cycle, **form.values())):
        flash(_("Open data settings saved."), "success")
        return redirect(url_for("admin.open_data", slug=slug), 303)
    return render_template("admin/open_data/form.html", cycle=cycle, form=form), form_status(form)

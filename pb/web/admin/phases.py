"""Phase dates and the manual advance (staff only). The rule that combines both lives in
pb.domain.phases: a hand-set phase wins over dates not yet reached; passed dates move on."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.domain.phases import ORDER, Phase, Window
from pb.models.cycle import Cycle
from pb.services import phases as svc
from pb.web.admin import bp
from pb.web.admin.forms.phases import PhaseDatesForm, SetPhaseForm
from pb.web.admin.keys import key_dir
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform


def _page(cycle: Cycle, dates_form=None, set_form=None, code: int | None = None):
    if dates_form is None:
        data = {}
        for phase, window in svc.local_dates(cycle).items():
            data[f"{phase.value}_starts"], data[f"{phase.value}_ends"] = window.starts, window.ends
        dates_form = PhaseDatesForm(formdata=None, data=data)
    set_form = set_form or SetPhaseForm(formdata=None, phase=cycle.current_phase.value)
    return render_template(
        "admin/phases/edit.html",
        cycle=cycle,
        standing=svc.standing(cycle),
        dates_form=dates_form,
        set_form=set_form,
        phases=ORDER,
    ), code or max(form_status(dates_form), form_status(set_form))


@bp.route("/c/<slug>/phases", methods=["GET", "POST"])
@staff_required("staff")
def phases_edit(slug: str):
    cycle = cycle_by_slug(slug)
    if request.method == "GET":
        return _page(cycle)
    form = PhaseDatesForm()
    if attempt(form, lambda: svc.set_local_dates(current_user, cycle, _windows(form), key_dir())):
        flash(_("Phase dates saved."), "success")
        return redirect(url_for("admin.phases_edit", slug=slug), 303)
    return _page(cycle, dates_form=form)


def _windows(form: PhaseDatesForm) -> dict[Phase, Window]:
    return {p: Window(form[f"{p.value}_starts"].data, form[f"{p.value}_ends"].data) for p in ORDER}


@bp.route("/c/<slug>/phases/advance", methods=["POST"])
@staff_required("staff")
def phases_advance(slug: str):
    cycle = cycle_by_slug(slug)
    done = perform(lambda: svc.advance(current_user, cycle))
    if not done:
        return _page(cycle, code=409)
    flash(
        _("%(cycle)s is now in “%(phase)s”.", cycle=cycle.name, phase=_(done.value.label)),
        "success",
    )
    return redirect(url_for("admin.phases_edit", slug=slug), 303)


@bp.route("/c/<slug>/phases/set", methods=["POST"])
@staff_required("staff")
def phases_set(slug: str):
    cycle = cycle_by_slug(slug)
    form = SetPhaseForm()
    if attempt(form, lambda: svc.set_phase(current_user, cycle, Phase(form.phase.data))):
        label = _(Phase(form.phase.data).label)
        flash(_("%(cycle)s is now in “%(phase)s”.", cycle=cycle.name, phase=label), "success")
        return redirect(url_for("admin.phases_edit", slug=slug), 303)
    return _page(cycle, set_form=form)

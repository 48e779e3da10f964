"""Staff: turn this device into a voting kiosk, see and revoke kiosks, set their timeout.

Enrolling signs the staff member out on this device and gives it a kiosk cookie instead: the
kiosk reaches no staff page until someone signs in again."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.services import kiosks as service
from pb.web.admin import bp
from pb.web.admin.forms.kiosks import EnrolKioskForm, KioskIdleForm
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import sign_out_here, staff_required
from pb.web.forms import attempt, form_status, perform
from pb.web.kiosk import enrol_device


def _page(cycle, enrol_form=None, idle_form=None):
    enrol_form = enrol_form or EnrolKioskForm(prefix="enrol")
    idle_form = idle_form or KioskIdleForm(prefix="idle", idle_seconds=cycle.kiosk_idle_seconds)
    return render_template(
        "admin/kiosks/index.html",
        cycle=cycle,
        enrol_form=enrol_form,
        idle_form=idle_form,
        kiosks=service.kiosks_of(cycle),
    ), max(form_status(enrol_form), form_status(idle_form))


@bp.route("/c/<slug>/kiosks")
@staff_required("staff")
def kiosks(slug: str):
    return _page(cycle_by_slug(slug))


@bp.route("/c/<slug>/kiosks/enrol", methods=["POST"])
@staff_required("staff")
def kiosk_enrol(slug: str):
    cycle = cycle_by_slug(slug)
    form = EnrolKioskForm(prefix="enrol")
    done = attempt(
        form,
        lambda: service.enrol(
            current_user, cycle, form.location.data, bool(form.allow_new_voters.data)
        ),
    )
    if not done:
        return _page(cycle, enrol_form=form)
    _kiosk, token = done.value
    sign_out_here()  # a copy of the staff cookie taken from the kiosk opens nothing either
    flash(_("This device is now a voting kiosk. Staff pages need a new sign-in here."))
    return enrol_device(redirect(url_for("vote.start", slug=cycle.slug), 303), token)


@bp.route("/c/<slug>/kiosks/<int:kiosk_id>/revoke", methods=["POST"])
@staff_required("staff")
def kiosk_revoke(slug: str, kiosk_id: int):
    cycle = cycle_by_slug(slug)
    if perform(lambda: service.revoke(current_user, cycle, kiosk_id)):
        flash(_("The kiosk is revoked: it can no longer take votes as a kiosk."), "success")
    return redirect(url_for(".kiosks", slug=cycle.slug))


@bp.route("/c/<slug>/kiosks/idle", methods=["POST"])
@staff_required("staff")
def kiosk_idle(slug: str):
    cycle = cycle_by_slug(slug)
    form = KioskIdleForm(prefix="idle")
    if not attempt(form, lambda: service.set_idle(current_user, cycle, form.idle_seconds.data)):
        return _page(cycle, idle_form=form)
    flash(_("Saved."), "success")
    return redirect(url_for(".kiosks", slug=cycle.slug))

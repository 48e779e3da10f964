"""Staff: the ways residents get their own code (eligibility list, email, SMS), the list
upload with its check, and void + reissue for a resident who lost their code."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.services import eligibility as service
from pb.services.messaging import mail_is_logged
from pb.services.messaging.config import sms_is_logged
from pb.web.admin import bp
from pb.web.admin.forms.eligibility import AccessForm, ListForm
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status
from pb.web.vote.own_code import identity_form, identity_values


def _access_form(cycle, formdata=None) -> AccessForm:
    access = service.access(cycle.id)
    form = AccessForm(prefix="access", formdata=formdata)
    if formdata is None:
        form.self_service.data = access.self_service
        form.email_codes.data = access.email_codes
        form.email_domains.data = ", ".join(access.email_domains)
        form.email_needs_list.data = access.email_needs_list
        form.sms_codes.data = access.sms_codes
    return form


def _reissue_form(setup):
    return identity_form(setup.id_columns, with_email=False) if setup else None


def _page(cycle, access_form=None, list_form=None, reissue_form=None, preview=None, plain=None):
    setup = service.list_setup(cycle.id)
    access_form = access_form or _access_form(cycle)
    if list_form is None:
        list_form = ListForm(prefix="list", formdata=None)
        if setup:
            list_form.id_columns.data = ", ".join(setup.id_columns)
            list_form.district_column.data = setup.district_column
            list_form.email_column.data = setup.email_column
    reissue_form = reissue_form or _reissue_form(setup)
    forms = [f for f in (access_form, list_form, reissue_form) if f is not None]
    return render_template(
        "admin/eligibility/index.html",
        cycle=cycle,
        access_form=access_form,
        list_form=list_form,
        reissue_form=reissue_form,
        setup=setup,
        stats=service.list_stats(cycle),
        preview=preview,
        plain=plain,
        mail_logged=mail_is_logged(current_app.config),
        sms_logged=sms_is_logged(current_app.config),
    ), max(form_status(f) for f in forms)


@bp.route("/c/<slug>/eligibility")
@staff_required("staff")
def eligibility(slug: str):
    return _page(cycle_by_slug(slug))


@bp.route("/c/<slug>/eligibility/access", methods=["POST"])
@staff_required("staff")
def eligibility_access(slug: str):
    cycle = cycle_by_slug(slug)
    form = _access_form(cycle, request.form)
    done = attempt(
        form,
        lambda: service.set_access(
            current_user,
            cycle,
            self_service=form.self_service.data,
            email_codes=form.email_codes.data,
            email_domains=form.email_domains.data or "",
            email_needs_list=form.email_needs_list.data,
            sms_codes=form.sms_codes.data,
        ),
    )
    if not done:
        return _page(cycle, access_form=form)
    flash(_("Saved."), "success")
    return redirect(url_for(".eligibility", slug=cycle.slug))


@bp.route("/c/<slug>/eligibility/list", methods=["POST"])
@staff_required("staff")
def eligibility_list(slug: str):
    cycle = cycle_by_slug(slug)
    form = ListForm(prefix="list")
    done = attempt(
        form,
        lambda: service.upload_list(
            current_user,
            cycle,
            form.file.data.read(),  # read here and dropped: the file is never kept
            id_columns=form.id_columns.data,
            district_column=form.district_column.data or "",
            email_column=form.email_column.data or "",
            pepper=current_app.config["PB_CODE_PEPPER"],
            save=bool(form.save.data),
            skip_problems=form.skip_problems.data,
        ),
    )
    if done and done.value.saved:
        flash(
            _(
                "The list is saved: %(added)s added, %(withdrawn)s withdrawn, %(kept)s "
                "unchanged. Codes issued before stay valid.",
                added=done.value.added,
                withdrawn=done.value.withdrawn,
                kept=done.value.kept,
            ),
            "success",
        )
        return redirect(url_for(".eligibility", slug=cycle.slug))
    if form.errors:
        form.file.errors = [*form.file.errors, _("Please choose the file again.")]
    return _page(cycle, list_form=form, preview=done.value if done else None)


@bp.route("/c/<slug>/eligibility/reissue", methods=["POST"])
@staff_required("staff")
def eligibility_reissue(slug: str):
    cycle = cycle_by_slug(slug)
    setup = service.list_setup(cycle.id)
    form = _reissue_form(setup)
    if form is None:
        return redirect(url_for(".eligibility", slug=cycle.slug))
    pepper = current_app.config["PB_CODE_PEPPER"]
    done = attempt(
        form,
        lambda: service.reissue(
            current_user, cycle, identity_values(form, setup.id_columns), pepper
        ),
    )
    if not done:
        return _page(cycle, reissue_form=form)
    return _page(cycle, plain=done.value.plain)

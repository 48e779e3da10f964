"""Staff: member mailings. One action queues every member; the progress page sends the queue in
chunks, one POST per chunk (static/js/mailing-progress.js posts the next one by itself; without
JavaScript a button does). `flask mail send` sends the same queue from a terminal."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.services import mailings as service
from pb.services.messaging import mail_is_logged, mailer
from pb.web.admin import bp
from pb.web.admin.forms.mailings import MailingForm, ResendForm
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform


def _vote_url(cycle) -> str:
    return url_for("vote.start", slug=cycle.slug, _external=True)


def _mailing_or_404(cycle, mailing_id: int):
    mailing = service.mailing_in(cycle, mailing_id)
    if mailing is None:
        abort(404)
    return mailing


@bp.route("/c/<slug>/mailings", methods=["GET", "POST"])
@staff_required("staff")
def mailings(slug: str):
    cycle = cycle_by_slug(slug)
    form = MailingForm()
    done = attempt(
        form,
        lambda: service.create_mailing(
            current_user,
            cycle,
            form.members.data.read(),  # read here and dropped
            pepper=current_app.config["PB_CODE_PEPPER"],
            label=form.label.data or "",
        ),
    )
    if done:
        flash(_("The mailing is queued: send it below."), "success")
        return redirect(url_for(".mailing", slug=cycle.slug, mailing_id=done.value.id))
    if form.errors:
        form.members.errors = [*form.members.errors, "Please choose the file again."]
    return render_template(
        "admin/mailings/index.html",
        cycle=cycle,
        form=form,
        mailings=service.mailings_of(cycle),
        mail_logged=mail_is_logged(current_app.config),
    ), form_status(form)


def _mailing_page(cycle, mailing, resend_form=None, chunk=None, keep_going=False):
    progress = service.progress(mailing.id)
    resend_form = resend_form or ResendForm(prefix="resend", formdata=None)
    return render_template(
        "admin/mailings/mailing.html",
        cycle=cycle,
        mailing=mailing,
        progress=progress,
        problems=service.problems(mailing.id),
        resend_form=resend_form,
        chunk=chunk,
        keep_going=keep_going and not progress.done and not (chunk and chunk.stopped),
        chunk_size=service.CHUNK,
        mail_logged=mail_is_logged(current_app.config),
    ), form_status(resend_form)


@bp.route("/c/<slug>/mailings/<int:mailing_id>")
@staff_required("staff")
def mailing(slug: str, mailing_id: int):
    cycle = cycle_by_slug(slug)
    return _mailing_page(cycle, _mailing_or_404(cycle, mailing_id))


@bp.route("/c/<slug>/mailings/<int:mailing_id>/send", methods=["POST"])
@staff_required("staff")
def mailing_send(slug: str, mailing_id: int):
    cycle = cycle_by_slug(slug)
    mailing = _mailing_or_404(cycle, mailing_id)
    done = perform(
        lambda: service.send_next(
            mailing.id,
            mailer(current_app.config),
            pepper=current_app.config["PB_CODE_PEPPER"],
            vote_url=_vote_url(cycle),
            limit=service.CHUNK,
        )
    )
    chunk = done.value if done else None
    if chunk and chunk.stopped:
        flash(_("%(why)s The queue keeps the rest: send again later.", why=chunk.stopped), "error")
    return _mailing_page(
        cycle, mailing, chunk=chunk, keep_going=bool(done) and "auto" in request.form
    )


@bp.route("/c/<slug>/mailings/<int:mailing_id>/resend", methods=["POST"])
@staff_required("staff")
def mailing_resend(slug: str, mailing_id: int):
    cycle = cycle_by_slug(slug)
    mailing = _mailing_or_404(cycle, mailing_id)
    form = ResendForm(prefix="resend")
    done = attempt(
        form,
        lambda: service.resend(
            current_user,
            mailing,
            form.member.data,
            form.email.data,
            mailer(current_app.config),
            pepper=current_app.config["PB_CODE_PEPPER"],
            vote_url=_vote_url(cycle),
        ),
    )
    if not done:
        return _mailing_page(cycle, mailing, resend_form=form)
    flash(
        _(
            "A new code is on its way to member %(member)s; their previous one is void.",
            member=form.member.data,
        ),
        "success",
    )
    return redirect(url_for(".mailing", slug=cycle.slug, mailing_id=mailing.id))

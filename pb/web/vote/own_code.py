"""Residents get their own code: "Get my code" from the eligibility list, or a code by email or
SMS. Each answer takes the same time (PB_GET_CODE_SECONDS) and, short of the final success, the
same words whether or not the person is on the list or asked before, so the form reveals nobody.
"""

from __future__ import annotations

import re
import time

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from pb.domain.eligibility import identity_hash
from pb.extensions import limiter
from pb.services import contact_codes, eligibility
from pb.services.code_messages import code_email, code_sms
from pb.services.messaging import Undelivered, Unreachable, mailer, sms_sender
from pb.services.voting import VotingCycle
from pb.web.forms import attempt, form_status
from pb.web.vote import bp
from pb.web.vote.views import voting_open

FIELD = re.compile(r"^f(\d{1,2})$")


@bp.context_processor
def _code_access():
    # The vote's start page offers the ways to a code the cycle has switched on.
    return {"code_access": eligibility.access}


def _address_limit() -> str:
    return current_app.config["PB_GET_CODE_RATE_LIMIT"]


def _entry_limit() -> str:
    return current_app.config["PB_GET_CODE_ENTRY_LIMIT"]


def _entry_key() -> str:
    """The person typed, as the rate limit's key: the same hash whether or not they are listed,
    so the limit treats everyone alike."""
    fields = sorted(
        (int(m.group(1)), value) for name, value in request.form.items() if (m := FIELD.match(name))
    )
    values = [value for _name, value in fields]
    digest = identity_hash(values, current_app.config["PB_CODE_PEPPER"])
    return f"get-code:{request.view_args.get('slug')}:{digest}"


def _contact_key() -> str:
    """The email address or phone number typed, as a rate limit key (by its keyed hash)."""
    typed = "".join((request.form.get("address") or "").split()).casefold()
    digest = identity_hash([typed], current_app.config["PB_CODE_PEPPER"])
    return f"contact-code:{request.view_args.get('slug')}:{digest}"


def _pad(started: float) -> None:
    left = current_app.config["PB_GET_CODE_SECONDS"] - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)


def _vote_url(cycle: VotingCycle) -> str:
    return url_for("vote.start", slug=cycle.slug, _external=True)


def identity_form(columns: tuple[str, ...], with_email: bool = True) -> FlaskForm:
    class IdentityForm(FlaskForm):
        pass

    for i, name in enumerate(columns):
        field = StringField(
            name,
            validators=[
                DataRequired(message=_("Please enter your %(name)s.", name=name)),
                Length(max=200),
            ],
        )
        setattr(IdentityForm, f"f{i}", field)
    if with_email:
        IdentityForm.email = StringField(
            _("Email address (optional: we also send the code there)"),
            validators=[
                Optional(),
                Email(message=_("This is not an email address.")),
                Length(max=320),
            ],
        )
    return IdentityForm()


def identity_values(form: FlaskForm, columns: tuple[str, ...]) -> list[str]:
    return [form[f"f{i}"].data or "" for i in range(len(columns))]


@bp.route("/<slug>/get-code", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_entry_limit, methods=["POST"], key_func=_entry_key)
@voting_open
def get_code(cycle: VotingCycle):
    started = time.monotonic()
    setup = eligibility.list_setup(cycle.id)
    if not eligibility.access(cycle.id).self_service or setup is None:
        abort(404)
    form = identity_form(setup.id_columns)
    pepper = current_app.config["PB_CODE_PEPPER"]
    done = attempt(
        form,
        lambda: eligibility.request_code(cycle.id, identity_values(form, setup.id_columns), pepper),
    )
    if request.method == "POST":
        # Render first, then wait: what is left after the wait is the same for every answer.
        if done and done.value is not None:
            emailed = (
                _send_mail(cycle, form.email.data, done.value.plain) if form.email.data else None
            )
            page = render_template(
                "vote/code_issued.html", cycle=cycle, plain=done.value.plain, emailed=emailed
            )
        elif done:
            page = render_template("vote/get_code.html", cycle=cycle, form=form, no_code=True)
        else:
            page = render_template("vote/get_code.html", cycle=cycle, form=form)
        _pad(started)
        return page, form_status(form)
    return render_template("vote/get_code.html", cycle=cycle, form=form)


def _send_mail(cycle: VotingCycle, to: str, plain: str) -> bool:
    try:
        with mailer(current_app.config) as sender:
            sender.send(code_email(to, cycle.name, plain, _vote_url(cycle)))
    except (Undelivered, Unreachable):
        return False
    return True


class AddressForm(FlaskForm):
    address = StringField(_l("Your email address"), validators=[DataRequired(), Length(max=320)])


class PhoneForm(FlaskForm):
    address = StringField(
        _l("Your mobile phone number"), validators=[DataRequired(), Length(max=40)]
    )


def _contact(cycle: VotingCycle, channel: str):
    access = eligibility.access(cycle.id)
    if not (access.email_codes if channel == "email" else access.sms_codes):
        abort(404)
    form = AddressForm() if channel == "email" else PhoneForm()
    config = current_app.config
    vote_url = _vote_url(cycle)

    def deliver(address: str, plain: str) -> None:
        if channel == "email":
            with mailer(config) as sender:
                sender.send(code_email(address, cycle.name, plain, vote_url))
        else:
            with sms_sender(config) as sender:
                sender.send(address, code_sms(cycle.name, plain, vote_url))

    started = time.monotonic()
    done = attempt(
        form,
        lambda: contact_codes.request_contact_code(
            cycle.id,
            channel,
            form.address.data,
            access=access,
            pepper=config["PB_CODE_PEPPER"],
            deliver=deliver,
        ),
    )
    if done:
        form.address.data = ""  # the answer must not differ by so much as the echoed address
    # Sent or not (asked before, not on the list): the same page, the same words.
    page = render_template("vote/code_by_contact.html", cycle=cycle, form=form, channel=channel)
    if request.method == "POST":
        _pad(started)
    return page, form_status(form)


@bp.route("/<slug>/code-by-email", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_entry_limit, methods=["POST"], key_func=_contact_key)
@voting_open
def code_by_email(cycle: VotingCycle):
    return _contact(cycle, "email")


@bp.route("/<slug>/code-by-sms", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_entry_limit, methods=["POST"], key_func=_contact_key)
@voting_open
def code_by_sms(cycle: VotingCycle):
    return _contact(cycle, "sms")

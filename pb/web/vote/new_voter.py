"""A kiosk's "new voter" button: a resident without a code comes to the table; a staff member
checks that they may vote, unlocks the kiosk with their own email and password (the kiosk stays
a kiosk: no staff session starts), and the resident votes with a one-time code made for them on
the spot, which nobody sees."""

from __future__ import annotations

import time

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField
from wtforms.validators import DataRequired

from pb.extensions import limiter
from pb.services import kiosks, users, voting
from pb.services.voting import VotingCycle
from pb.web.admin.forms import opts
from pb.web.forms import attempt, form_status
from pb.web.kiosk import current_kiosk
from pb.web.vote import bp
from pb.web.vote.views import voting_open


class NewVoterForm(FlaskForm):
    email = EmailField(_l("Staff email"), validators=[DataRequired()])
    password = PasswordField(_l("Staff password"), validators=[DataRequired()])
    scope = RadioField(
        _l("The resident may vote in"),
        choices=opts(
            [
                ("all", _l("Every budget")),
                ("district", _l("The citywide budgets and one district")),
            ]
        ),
        default="all",
    )
    district = SelectField(_l("District"), choices=[], validate_choice=False)
    checked = BooleanField(
        _l("I checked that this resident may vote here and has no code"),
        validators=[DataRequired(message=_l("Check the resident first."))],
    )


@bp.route("/<slug>/new-voter", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@voting_open
def new_voter(cycle: VotingCycle):
    kiosk = current_kiosk()
    if kiosk is None or kiosk.cycle_id != cycle.id or not kiosk.allow_new_voters:
        abort(404)
    form = NewVoterForm()
    districts = sorted({b.district for b in voting.budgets(cycle.id) if b.district})
    form.district.choices = opts([(d, d) for d in districts] or [("", _("(no district budgets)"))])
    pepper = current_app.config["PB_CODE_PEPPER"]

    def issue_and_sign_in():
        staff = users.authenticate(form.email.data or "", form.password.data or "")
        code = kiosks.issue_code(
            staff, kiosk, form.scope.data, form.district.data or "", pepper=pepper
        )
        return voting.sign_in(cycle, code, pepper)

    done = attempt(form, issue_and_sign_in)
    if done:
        session.clear()  # nothing of the staff member's typing stays; a fresh voter
        token, remaining = done.value
        session["voter"] = {"t": token, "seen": time.time()}
        flash(_("Welcome! You can vote now."), "success")
        if len(remaining) == 1:
            return redirect(url_for(".ballot", slug=cycle.slug, budget_id=remaining[0].id), 303)
        return redirect(url_for(".budgets", slug=cycle.slug), 303)
    return render_template("vote/new_voter.html", cycle=cycle, form=form), form_status(form)

"""Member mailing forms: a new mailing from a member list, re-send to one member."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length, Optional


class MailingForm(FlaskForm):
    members = FileField(
        "Member list (CSV with the columns member, email and optionally district)",
        validators=[FileRequired()],
    )
    label = StringField("Label (for your records)", validators=[Optional(), Length(max=200)])


class ResendForm(FlaskForm):
    member = StringField("Member number", validators=[DataRequired(), Length(max=200)])
    email = StringField(
        "Email address to send to", validators=[DataRequired(), Email(), Length(max=320)]
    )

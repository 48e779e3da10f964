"""Member mailing forms: a new mailing from a member list, re-send to one member."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length, Optional


class MailingForm(FlaskForm):
    members = FileField(
        _l("Member list (CSV with the columns member, email and optionally district)"),
        validators=[FileRequired()],
    )
    label = StringField(_l("Label (for your records)"), validators=[Optional(), Length(max=200)])


class ResendForm(FlaskForm):
    member = StringField(_l("Member number"), validators=[DataRequired(), Length(max=200)])
    email = StringField(
        _l("Email address to send to"), validators=[DataRequired(), Email(), Length(max=320)]
    )

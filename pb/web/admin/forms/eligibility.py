"""Eligibility forms: the ways to a code a cycle offers, and the list upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional


class AccessForm(FlaskForm):
    self_service = BooleanField(
        _l('"Get my code": residents on the eligibility list get their own')
    )
    email_codes = BooleanField(
        _l("Code by email: a resident gives an address and gets a code there")
    )
    email_domains = StringField(
        _l("Only addresses at these domains (comma-separated; empty for any)"),
        validators=[Optional(), Length(max=500)],
    )
    email_needs_list = BooleanField(_l("Only addresses in the eligibility list's email column"))
    sms_codes = BooleanField(_l("Code by text message (SMS)"))


class ListForm(FlaskForm):
    file = FileField(
        _l("The list (CSV, first line names the columns)"), validators=[FileRequired()]
    )
    id_columns = StringField(
        _l("Columns that identify a person (comma-separated, as in the first line)"),
        validators=[DataRequired(), Length(max=1000)],
    )
    district_column = StringField(_l("District column (optional)"), validators=[Optional()])
    email_column = StringField(_l("Email column (optional)"), validators=[Optional()])
    skip_problems = BooleanField(_l("Save without the rows that have problems"))
    check = SubmitField(_l("Check the list (saves nothing)"))
    save = SubmitField(_l("Save the list"))

"""Voter code forms: generate a batch, void one code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from pb.web.admin.forms import opts


class CodeBatchForm(FlaskForm):
    size = IntegerField(
        _l("How many codes"), default=100, validators=[DataRequired(), NumberRange(1, 100_000)]
    )
    scope = RadioField(
        _l("Who may vote with them"),
        choices=opts(
            [
                ("all", _l("Every budget of the cycle")),
                ("district", _l("The citywide budgets and one district")),
            ]
        ),
        default="all",
    )
    district = SelectField(_l("District"), choices=[], validate_choice=False)
    label = StringField(_l("Label (for your records)"), validators=[Optional(), Length(max=200)])
    output = RadioField(
        _l("What you get (only this once)"),
        choices=opts(
            [
                ("csv", _l("A CSV file of the codes")),
                ("a4", _l("Letters to print with QR codes, A4 paper")),
                ("letter", _l("Letters to print with QR codes, US Letter paper")),
            ]
        ),
        default="csv",
    )


class VoidCodeForm(FlaskForm):
    code = StringField(_l("Code to void"), validators=[DataRequired()])

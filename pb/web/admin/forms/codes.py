"""Voter code forms: generate a batch, void one code."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from pb.web.admin.forms import opts


class CodeBatchForm(FlaskForm):
    size = IntegerField(
        "How many codes", default=100, validators=[DataRequired(), NumberRange(1, 100_000)]
    )
    scope = RadioField(
        "Who may vote with them",
        choices=opts(
            [
                ("all", "Every budget of the cycle"),
                ("district", "The citywide budgets and one district"),
            ]
        ),
        default="all",
    )
    district = SelectField("District", choices=[], validate_choice=False)
    label = StringField("Label (for your records)", validators=[Optional(), Length(max=200)])
    output = RadioField(
        "What you get (only this once)",
        choices=opts(
            [
                ("csv", "A CSV file of the codes"),
                ("a4", "Letters to print with QR codes, A4 paper"),
                ("letter", "Letters to print with QR codes, US Letter paper"),
            ]
        ),
        default="csv",
    )


class VoidCodeForm(FlaskForm):
    code = StringField("Code to void", validators=[DataRequired()])

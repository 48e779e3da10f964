"""Paper ballot forms: a stack of paper ballots, one typing of one ballot."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class PaperBatchForm(FlaskForm):
    budget = SelectField("Budget", coerce=int, choices=[])
    label = StringField("Name of the stack", validators=[DataRequired(), Length(max=200)])
    counted = IntegerField(
        "Paper ballots in the stack (counted by hand)",
        validators=[DataRequired(), NumberRange(1, 100_000)],
    )


class PaperEntryForm(FlaskForm):
    number = IntegerField("Ballot number", validators=[DataRequired(), NumberRange(1, 100_000)])
    code = StringField("Code on the ballot (if any)", validators=[Optional(), Length(max=40)])
    choices = StringField("Project numbers", validators=[Optional(), Length(max=2000)])

"""Paper ballot forms: a stack of paper ballots, one typing of one ballot."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class PaperBatchForm(FlaskForm):
    budget = SelectField(_l("Budget"), coerce=int, choices=[])
    label = StringField(_l("Name of the stack"), validators=[DataRequired(), Length(max=200)])
    counted = IntegerField(
        _l("Paper ballots in the stack (counted by hand)"),
        validators=[DataRequired(), NumberRange(1, 100_000)],
    )


class PaperEntryForm(FlaskForm):
    number = IntegerField(_l("Ballot number"), validators=[DataRequired(), NumberRange(1, 100_000)])
    code = StringField(_l("Code on the ballot (if any)"), validators=[Optional(), Length(max=40)])
    choices = StringField(_l("Project numbers"), validators=[Optional(), Length(max=2000)])

"""Proposal forms: writing one with cost lines, the feasibility review, the promotion into a
budget's ballot."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from pb.web.admin.forms import opts

COST_ROWS = 8  # blank rows on the form; empty ones are ignored


class CostLineForm(Form):
    label = StringField(_l("Item"), validators=[Optional(), Length(max=200)])
    amount = StringField(_l("Amount"), validators=[Optional(), Length(max=20)])


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=200)])
    summary = StringField(_l("One-line summary"), validators=[Optional(), Length(max=500)])
    description = TextAreaField(_l("Description (Markdown)"), validators=[Length(max=20_000)])
    category = SelectField(_l("Category"), default="", validate_choice=True)
    district = SelectField(_l("District"), default="", validate_choice=True)
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])
    image = FileField(_l("Picture (optional, replaces the current one)"))
    ideas = SelectMultipleField(_l("Source ideas"), coerce=int, validate_choice=True)
    cost_items = FieldList(FormField(CostLineForm), min_entries=COST_ROWS, max_entries=30)


class ReviewForm(FlaskForm):
    verdict = RadioField(
        _l("Feasibility"),
        choices=opts(
            [
                ("feasible", _l("Feasible")),
                ("needs_changes", _l("Needs changes")),
                ("not_feasible", _l("Not feasible")),
            ]
        ),
        validators=[DataRequired(message=_l("Choose a verdict."))],
    )
    public_reason = TextAreaField(_l("Public reason"), validators=[Length(max=5000)])
    internal_notes = TextAreaField(
        _l("Internal notes (never shown publicly)"), validators=[Length(max=10_000)]
    )


class PromoteForm(FlaskForm):
    budget = SelectField(
        _l("Budget"), coerce=int, validators=[DataRequired()], validate_choice=True
    )

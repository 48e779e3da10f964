"""Proposal forms: writing one with cost lines, the feasibility review, the promotion into a
budget's ballot."""

from __future__ import annotations

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
    label = StringField("Item", validators=[Optional(), Length(max=200)])
    amount = StringField("Amount", validators=[Optional(), Length(max=20)])


class ProposalForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(min=3, max=200)])
    summary = StringField("One-line summary", validators=[Optional(), Length(max=500)])
    description = TextAreaField("Description (Markdown)", validators=[Length(max=20_000)])
    category = SelectField("Category", default="", validate_choice=True)
    district = SelectField("District", default="", validate_choice=True)
    location = StringField("Location", validators=[Optional(), Length(max=200)])
    image = FileField("Picture (optional, replaces the current one)")
    ideas = SelectMultipleField("Source ideas", coerce=int, validate_choice=True)
    cost_items = FieldList(FormField(CostLineForm), min_entries=COST_ROWS, max_entries=30)


class ReviewForm(FlaskForm):
    verdict = RadioField(
        "Feasibility",
        choices=opts(
            [
                ("feasible", "Feasible"),
                ("needs_changes", "Needs changes"),
                ("not_feasible", "Not feasible"),
            ]
        ),
        validators=[DataRequired(message="Choose a verdict.")],
    )
    public_reason = TextAreaField("Public reason", validators=[Length(max=5000)])
    internal_notes = TextAreaField(
        "Internal notes (never shown publicly)", validators=[Length(max=10_000)]
    )


class PromoteForm(FlaskForm):
    budget = SelectField("Budget", coerce=int, validators=[DataRequired()], validate_choice=True)

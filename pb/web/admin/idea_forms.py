"""Forms for the staff and delegate pages on ideas, proposals, implementation and phases."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from pb.domain.phases import ORDER
from pb.models.implementation import STATUS_LABELS
from pb.web.ideas.forms import opts

COST_ROWS = 8  # blank rows on the form; empty ones are ignored


class HideForm(FlaskForm):
    reason = TextAreaField(
        "Public reason for hiding", validators=[DataRequired(), Length(min=3, max=2000)]
    )


class MergeForm(FlaskForm):
    survivor = IntegerField(
        "Merge into idea number", validators=[InputRequired(message="Give the number of the idea.")]
    )


class ActionForm(FlaskForm):
    """A button with the CSRF token only."""


class IdeaSettingsForm(FlaskForm):
    moderation = RadioField(
        "Moderation",
        choices=opts(
            [
                ("pre", "Pre-moderation: ideas appear after staff publish them"),
                ("post", "Post-moderation: ideas appear at once; staff hide what breaks the rules"),
            ]
        ),
        validators=[DataRequired()],
    )
    categories = TextAreaField("Categories, one a line", validators=[DataRequired()])
    districts = TextAreaField("Districts, one a line (budgets add their own)")


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


class TrackForm(FlaskForm):
    projects = SelectMultipleField("Funded projects", coerce=int, validate_choice=True)


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=opts(STATUS_LABELS.items()), validate_choice=True)
    percent = IntegerField(
        "Progress (%)", validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    spent = DecimalField(
        "Money spent so far", places=2, validators=[InputRequired(), NumberRange(min=0)]
    )
    cancel_reason = TextAreaField("Public reason (when cancelled)", validators=[Length(max=2000)])


class UpdateForm(FlaskForm):
    posted_on = DateField("Date", validators=[InputRequired(message="Give the date.")])
    title = StringField("Title", validators=[DataRequired(), Length(min=3, max=200)])
    body = TextAreaField("Text (Markdown)", validators=[Length(max=10_000)])
    photo = FileField("Photo (optional)")


def _phase_dates_form() -> type[FlaskForm]:
    fields = {}
    for phase in ORDER:
        for edge, word in (("starts", "Starts"), ("ends", "Ends")):
            fields[f"{phase.value}_{edge}"] = DateTimeLocalField(
                f"{phase.label}: {word.lower()} (UTC)",
                format="%Y-%m-%dT%H:%M",
                validators=[Optional()],
            )
    return type("PhaseDatesForm", (FlaskForm,), fields)


PhaseDatesForm = _phase_dates_form()


class SetPhaseForm(FlaskForm):
    phase = SelectField(
        "Set the phase by hand",
        choices=opts((p.value, p.label) for p in ORDER),
        validate_choice=True,
    )

"""Staff forms for cycles, budgets, projects and voter codes. Field checks only; the services
check the rules that span fields (ballot settings, freezing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from pb.domain.ballots import BALLOT_KINDS


def opts(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _none_if_blank(value: Any) -> Any:
    return None if value in ("", None) else value


class CycleForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        "Web address",
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(r"^[a-z0-9-]+$", message="Use small letters, digits and dashes only."),
        ],
    )
    description = TextAreaField("Description", validators=[Optional()])
    starts_on = DateField("Starts on", validators=[Optional()])
    ends_on = DateField("Ends on", validators=[Optional()])

    def validate_ends_on(self, field: DateField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValueError("The end cannot be before the start.")

    def values(self) -> dict[str, Any]:
        def at(d: date | None) -> datetime | None:
            return datetime(d.year, d.month, d.day) if d else None

        return {
            "name": self.name.data.strip(),
            "slug": self.slug.data.strip(),
            "description": self.description.data or "",
            "starts_on": at(self.starts_on.data),
            "ends_on": at(self.ends_on.data),
        }


class BudgetForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    district = StringField("District", description="Leave empty for a citywide budget.")
    amount = DecimalField("Amount", places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    currency = StringField("Currency", default="EUR", validators=[DataRequired(), Length(3, 3)])
    position = IntegerField("Order on the page", default=0, validators=[Optional()])
    ballot_kind = SelectField(
        "Ballot", choices=opts((k.name, k.label) for k in BALLOT_KINDS.values())
    )
    min_picks = IntegerField("Minimum picks", validators=[Optional(), NumberRange(min=1)])
    max_picks = IntegerField(
        "Maximum picks (approval) or ranks (ranked)", validators=[Optional(), NumberRange(min=1)]
    )
    max_sum_cost = DecimalField(
        "Money a knapsack ballot may spend",
        places=2,
        validators=[Optional(), NumberRange(min=0.01)],
        description="Leave empty to use the whole amount.",
    )
    total_points = IntegerField(
        "Points per voter (cumulative)", validators=[Optional(), NumberRange(min=1)]
    )
    max_points_per_project = IntegerField(
        "Most points per project (cumulative)", validators=[Optional(), NumberRange(min=1)]
    )
    rule = SelectField("Counting rule")
    tie_break = SelectField("Tie-break")

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.data.strip(),
            "district": (self.district.data or "").strip(),
            "amount": self.amount.data,
            "currency": self.currency.data.upper(),
            "position": self.position.data or 0,
            "ballot_kind": self.ballot_kind.data,
            "min_picks": self.min_picks.data,
            "max_picks": self.max_picks.data,
            "max_sum_cost": _none_if_blank(self.max_sum_cost.data),
            "total_points": self.total_points.data,
            "max_points_per_project": self.max_points_per_project.data,
            "rule": self.rule.data,
            "tie_break": self.tie_break.data,
        }


class ProjectForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    summary = StringField("Summary", validators=[Optional(), Length(max=500)])
    description = TextAreaField("Description", validators=[Optional()])
    cost = DecimalField("Cost", places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    category = StringField("Category", validators=[Optional(), Length(max=100)])
    district = StringField("District", validators=[Optional(), Length(max=100)])
    location = StringField("Location", validators=[Optional(), Length(max=200)])
    position = IntegerField("Order on the ballot", default=0, validators=[Optional()])
    image = FileField("Photo (JPEG, PNG or WebP, at most 5 MB)")
    remove_image = BooleanField("Remove the current photo")

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data.strip(),
            "summary": (self.summary.data or "").strip(),
            "description": self.description.data or "",
            "cost": self.cost.data,
            "category": (self.category.data or "").strip(),
            "district": (self.district.data or "").strip(),
            "location": (self.location.data or "").strip(),
            "position": self.position.data or 0,
        }


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


class VoidCodeForm(FlaskForm):
    code = StringField("Code to void", validators=[DataRequired()])

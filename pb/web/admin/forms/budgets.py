"""The budget form: amount, ballot settings and counting rule (choices filled by the view)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from pb.domain.ballots import BALLOT_KINDS
from pb.web.admin.forms import none_if_blank, opts


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
            "max_sum_cost": none_if_blank(self.max_sum_cost.data),
            "total_points": self.total_points.data,
            "max_points_per_project": self.max_points_per_project.data,
            "rule": self.rule.data,
            "tie_break": self.tie_break.data,
        }

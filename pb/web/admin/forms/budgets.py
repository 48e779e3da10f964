"""The budget form: amount, ballot settings and counting rule (choices filled by the view).

Each ballot kind has its own settings (KIND_FIELDS); only the chosen kind's are validated and
saved, the others are cleared, so a setting of a kind not chosen cannot block or linger."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from pb.domain.ballots import BALLOT_KINDS
from pb.web.admin.forms import none_if_blank, opts
from pb.web.admin.words import KINDS

# (heading, the kinds it belongs to, its fields): one fieldset each on the page. Without
# JavaScript every group shows under its heading; the script hides those of other kinds.
FIELD_GROUPS = (
    (
        _l("Approval, knapsack and ranked ballots"),
        ("approval", "knapsack", "ranked"),
        ("min_picks", "max_picks"),
    ),
    (_l("Knapsack ballots"), ("knapsack",), ("max_sum_cost",)),
    (_l("Cumulative ballots"), ("cumulative",), ("total_points", "max_points_per_project")),
)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(name for _h, kinds, names in FIELD_GROUPS if kind in kinds for name in names)
    for kind in BALLOT_KINDS
}
KIND_SETTINGS = sorted({name for names in KIND_FIELDS.values() for name in names})


class BudgetForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    district = StringField(_l("District"), description=_l("Leave empty for a citywide budget."))
    amount = DecimalField(
        _l("Amount"), places=2, validators=[DataRequired(), NumberRange(min=0.01)]
    )
    currency = StringField(_l("Currency"), default="EUR", validators=[DataRequired(), Length(3, 3)])
    position = IntegerField(_l("Order on the page"), default=0, validators=[Optional()])
    ballot_kind = SelectField(
        _l("Ballot"), choices=opts((k, KINDS.get(k, k)) for k in BALLOT_KINDS)
    )
    min_picks = IntegerField(_l("Minimum picks"), validators=[Optional(), NumberRange(min=1)])
    max_picks = IntegerField(
        _l("Maximum picks or ranks"), validators=[Optional(), NumberRange(min=1)]
    )
    max_sum_cost = DecimalField(
        _l("Money a ballot may spend"),
        places=2,
        validators=[Optional(), NumberRange(min=0.01)],
        description=_l("Leave empty to use the whole amount."),
    )
    total_points = IntegerField(_l("Points per voter"), validators=[Optional(), NumberRange(min=1)])
    max_points_per_project = IntegerField(
        _l("Most points per project"), validators=[Optional(), NumberRange(min=1)]
    )
    rule = SelectField(_l("Counting rule"))
    tie_break = SelectField(_l("Tie-break"))
    min_score = DecimalField(
        _l("Minimum score"),
        places=2,
        validators=[Optional(), NumberRange(min=0.01)],
        description=_l("Only for the rule that funds projects above a minimum score."),
    )

    def chosen_fields(self) -> tuple[str, ...]:
        return KIND_FIELDS.get(self.ballot_kind.data or "", ())

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        for name in KIND_SETTINGS:
            if name not in self.chosen_fields():
                self[name].errors = []
        self._errors = None
        return not self.errors

    def values(self) -> dict[str, Any]:
        chosen = self.chosen_fields()
        settings = {
            name: none_if_blank(self[name].data) if name in chosen else None
            for name in KIND_SETTINGS
        }
        return {
            "name": self.name.data.strip(),
            "district": (self.district.data or "").strip(),
            "amount": self.amount.data,
            "currency": self.currency.data.upper(),
            "position": self.position.data or 0,
            "ballot_kind": self.ballot_kind.data,
            **settings,
            "rule": self.rule.data,
            "tie_break": self.tie_break.data,
            # kept only for the rule that reads it, so that another rule cannot carry it along
            "min_score": none_if_blank(self.min_score.data)
            if self.rule.data == "greedy-threshold"
            else None,
        }

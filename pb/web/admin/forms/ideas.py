"""Moderation forms: hide with a public reason, merge into another idea, the cycle's idea
settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from pb.web.admin.forms import opts


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Public reason for hiding"), validators=[DataRequired(), Length(min=3, max=2000)]
    )


class MergeForm(FlaskForm):
    survivor = IntegerField(
        _l("Merge into idea number"),
        validators=[InputRequired(message=_l("Give the number of the idea."))],
    )


class IdeaSettingsForm(FlaskForm):
    moderation = RadioField(
        _l("Moderation"),
        choices=opts(
            [
                ("pre", _l("Pre-moderation: ideas appear after staff publish them")),
                (
                    "post",
                    _l("Post-moderation: ideas appear at once; staff hide what breaks the rules"),
                ),
            ]
        ),
        validators=[DataRequired()],
    )
    categories = TextAreaField(_l("Categories, one a line"), validators=[DataRequired()])
    districts = TextAreaField(_l("Districts, one a line (budgets add their own)"))
    residents_only = BooleanField(
        _l("Only residents with a voter code of this cycle may submit and support ideas")
    )

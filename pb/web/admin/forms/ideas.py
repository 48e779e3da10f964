"""Moderation forms: hide with a public reason, merge into another idea, the cycle's idea
settings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from pb.web.admin.forms import opts


class HideForm(FlaskForm):
    reason = TextAreaField(
        "Public reason for hiding", validators=[DataRequired(), Length(min=3, max=2000)]
    )


class MergeForm(FlaskForm):
    survivor = IntegerField(
        "Merge into idea number", validators=[InputRequired(message="Give the number of the idea.")]
    )


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
    residents_only = BooleanField(
        "Only residents with a voter code of this cycle may submit and support ideas"
    )

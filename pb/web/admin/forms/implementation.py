"""Implementation forms: which funded projects to track, a project's status, a public update."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from pb.models.implementation import STATUS_LABELS
from pb.web.admin.forms import opts


class TrackForm(FlaskForm):
    projects = SelectMultipleField(_l("Funded projects"), coerce=int, validate_choice=True)


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=opts(STATUS_LABELS.items()), validate_choice=True)
    percent = IntegerField(
        _l("Progress (%)"), validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    spent = DecimalField(
        _l("Money spent so far"), places=2, validators=[InputRequired(), NumberRange(min=0)]
    )
    cancel_reason = TextAreaField(
        _l("Public reason (when cancelled)"), validators=[Length(max=2000)]
    )


class UpdateForm(FlaskForm):
    posted_on = DateField(_l("Date"), validators=[InputRequired(message=_l("Give the date."))])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=10_000)])
    photo = FileField(_l("Photo (optional)"))

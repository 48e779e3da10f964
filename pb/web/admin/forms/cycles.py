"""The cycle form: name, web address and the overall dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError


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
            raise ValidationError("The end cannot be before the start.")

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

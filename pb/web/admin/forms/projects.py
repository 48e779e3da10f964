"""The ballot project form, with an optional photo."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DecimalField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


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

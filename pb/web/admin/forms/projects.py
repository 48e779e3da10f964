"""The ballot project form, with an optional photo."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DecimalField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = StringField(_l("Summary"), validators=[Optional(), Length(max=500)])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    cost = DecimalField(_l("Cost"), places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    category = StringField(_l("Category"), validators=[Optional(), Length(max=100)])
    district = StringField(_l("District"), validators=[Optional(), Length(max=100)])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])
    position = IntegerField(_l("Order on the ballot"), default=0, validators=[Optional()])
    image = FileField(_l("Photo (JPEG, PNG or WebP, at most 5 MB)"))
    remove_image = BooleanField(_l("Remove the current photo"))

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

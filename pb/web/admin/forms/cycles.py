"""The cycle form: name, web address, description, its languages and its time zone. The dates
are the phases' (one set, on the phases page)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pb.domain.zones import zone_choices
from pb.web.admin.forms import opts
from pb.web.i18n import LANGUAGES


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CycleForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Web address"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(r"^[a-z0-9-]+$", message=_l("Use small letters, digits and dashes only.")),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[Optional()])
    default_language = SelectField(
        _l("Written in"),
        choices=opts((lang.code, lang.name) for lang in LANGUAGES.values()),
        default="en",
    )
    languages = CheckboxesField(
        _l("Languages shown to residents"),
        choices=opts((lang.code, lang.name) for lang in LANGUAGES.values()),
        default=["en"],
    )
    time_zone = SelectField(_l("Time zone"), choices=opts((z, z) for z in zone_choices()))

    def process(self, formdata=None, obj=None, data=None, **kwargs: Any) -> None:
        super().process(formdata, obj, data, **kwargs)
        # The column keeps "en,es"; the checkboxes want a list.
        if formdata is None and obj is not None:
            self.languages.data = [c for c in (obj.languages or "").split(",") if c]

    def validate_languages(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))

    def validate_default_language(self, field: SelectField) -> None:
        if self.languages.data and field.data not in self.languages.data:
            raise ValidationError(_l("The language the cycle is written in must be one it shows."))

    def values(self) -> dict[str, Any]:
        chosen = [code for code in LANGUAGES if code in (self.languages.data or [])]
        return {
            "name": self.name.data.strip(),
            "slug": self.slug.data.strip(),
            "description": self.description.data or "",
            "default_language": self.default_language.data,
            "languages": ",".join(chosen),
            "time_zone": self.time_zone.data,
        }

"""The open data settings form: place, licence, k, and the voter questions."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from pb.domain.voter_questions import KEYS, LABELS
from pb.services.open_data_settings import LICENCES
from pb.web.admin.forms import opts


class OpenDataForm(FlaskForm):
    country = StringField(_l("Country (in English, e.g. Poland)"), validators=[Length(max=60)])
    unit = StringField(_l("City or region"), validators=[Length(max=100)])
    language = StringField(
        _l("Language (two-letter code, e.g. en)"),
        validators=[Optional(), Regexp(r"^[a-zA-Z]{2}$", message=_l("Two letters, e.g. en."))],
    )
    licence = SelectField(
        _l("Licence of the published ballots"),
        choices=opts((name, name) for name in LICENCES),
        validate_choice=True,
    )
    export_k = IntegerField(
        _l("k: the smallest group of ballots whose voter attributes may be published"),
        validators=[InputRequired(), NumberRange(min=2, max=1000)],
    )
    questions = SelectMultipleField(
        _l("Optional questions at the end of the ballot"),
        choices=opts((key, LABELS[key]) for key in KEYS),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validate_choice=True,
    )

    def values(self) -> dict[str, Any]:
        return {
            "country": self.country.data or "",
            "unit": self.unit.data or "",
            "language": self.language.data or "en",
            "licence": self.licence.data,
            "export_k": self.export_k.data,
            "questions": list(self.questions.data or []),
        }

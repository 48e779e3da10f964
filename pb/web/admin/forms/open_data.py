"""The open data settings form: place, licence, k, and the voter questions."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from pb.domain.voter_questions import KEYS, LABELS
from pb.services.open_data_settings import LICENCES
from pb.web.admin.forms import opts


class OpenDataForm(FlaskForm):
    country = StringField("Country (in English, e.g. Poland)", validators=[Length(max=60)])
    unit = StringField("City or region", validators=[Length(max=100)])
    language = StringField(
        "Language (two-letter code, e.g. en)",
        validators=[Optional(), Regexp(r"^[a-zA-Z]{2}$", message="Two letters, e.g. en.")],
    )
    licence = SelectField(
        "Licence of the published ballots",
        choices=opts((name, name) for name in LICENCES),
        validate_choice=True,
    )
    export_k = IntegerField(
        "k: the smallest group of ballots whose voter attributes may be published",
        validators=[InputRequired(), NumberRange(min=2, max=1000)],
    )
    questions = SelectMultipleField(
        "Optional questions at the end of the ballot",
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

"""Phase forms: the dates of every phase (one start and end field each), and the phase set by
hand."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField
from wtforms.validators import Optional

from pb.domain.phases import ORDER
from pb.web.admin.forms import opts


def _phase_dates_form() -> type[FlaskForm]:
    fields = {}
    for phase in ORDER:
        for edge, word in (("starts", "Starts"), ("ends", "Ends")):
            fields[f"{phase.value}_{edge}"] = DateTimeLocalField(
                f"{phase.label}: {word.lower()} (UTC)",
                format="%Y-%m-%dT%H:%M",
                validators=[Optional()],
            )
    return type("PhaseDatesForm", (FlaskForm,), fields)


PhaseDatesForm = _phase_dates_form()


class SetPhaseForm(FlaskForm):
    phase = SelectField(
        "Set the phase by hand",
        choices=opts((p.value, p.label) for p in ORDER),
        validate_choice=True,
    )

"""Phase forms: the dates of every phase (one start and end field each, in the cycle's time
zone), and the phase set by hand."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField
from wtforms.validators import Optional

from pb.domain.phases import ORDER
from pb.web.admin.forms import opts

EDGE_LABELS = {"starts": _l("%(phase)s: starts"), "ends": _l("%(phase)s: ends")}


class PhaseLabel:
    """A field label in the request's language (the form class is built once, at import)."""

    def __init__(self, edge: str, phase_label: str) -> None:
        self.edge, self.phase_label = edge, phase_label

    def __str__(self) -> str:
        from flask_babel import gettext

        return str(EDGE_LABELS[self.edge]) % {"phase": gettext(self.phase_label)}


def _phase_dates_form() -> type[FlaskForm]:
    fields = {}
    for phase in ORDER:
        for edge in ("starts", "ends"):
            fields[f"{phase.value}_{edge}"] = DateTimeLocalField(
                PhaseLabel(edge, phase.label),
                format="%Y-%m-%dT%H:%M",
                validators=[Optional()],
            )
    return type("PhaseDatesForm", (FlaskForm,), fields)


PhaseDatesForm = _phase_dates_form()


class PhaseChoice:
    def __init__(self, label: str) -> None:
        self.label = label

    def __str__(self) -> str:
        from flask_babel import gettext

        return gettext(self.label)


class SetPhaseForm(FlaskForm):
    phase = SelectField(
        _l("Set the phase by hand"),
        choices=opts((p.value, PhaseChoice(p.label)) for p in ORDER),
        validate_choice=True,
    )

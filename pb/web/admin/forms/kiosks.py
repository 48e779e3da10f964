"""Kiosk forms: enrol this device, the kiosks' idle timeout."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from pb.services.kiosks import IDLE_RANGE


class EnrolKioskForm(FlaskForm):
    location = StringField(
        _l("Where the kiosk stands"), validators=[DataRequired(), Length(max=200)]
    )
    allow_new_voters = BooleanField(
        _l("Show a 'new voter' button that staff unlock to give a checked resident a one-time code")
    )


class KioskIdleForm(FlaskForm):
    idle_seconds = IntegerField(
        _l("Seconds without a touch before a kiosk returns to its start screen"),
        validators=[DataRequired(), NumberRange(*IDLE_RANGE)],
    )

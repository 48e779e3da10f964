"""Kiosk forms: enrol this device, the kiosks' idle timeout."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from pb.services.kiosks import IDLE_RANGE


class EnrolKioskForm(FlaskForm):
    location = StringField("Where the kiosk stands", validators=[DataRequired(), Length(max=200)])
    allow_new_voters = BooleanField(
        "Show a 'new voter' button that staff unlock to give a checked resident a one-time code"
    )


class KioskIdleForm(FlaskForm):
    idle_seconds = IntegerField(
        "Seconds without a touch before a kiosk returns to its start screen",
        validators=[DataRequired(), NumberRange(*IDLE_RANGE)],
    )

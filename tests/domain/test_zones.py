"""Local times in a cycle's zone and back; clock changes refused where a time is ambiguous."""

from datetime import datetime

import pytest

from pb.domain.zones import (
    NoSuchLocalTime,
    UnknownZone,
    is_zone,
    offset_label,
    to_local,
    to_utc,
    zone,
    zone_choices,
)


def test_local_times_become_utc_and_back():
    summer = datetime(2030, 7, 1, 19, 0)
    assert to_utc(summer, "Europe/Warsaw") == datetime(2030, 7, 1, 17, 0)
    assert to_utc(datetime(2030, 1, 10, 19, 0), "Europe/Warsaw") == datetime(2030, 1, 10, 18, 0)
    assert to_utc(datetime(2030, 1, 10, 19, 0), "America/New_York") == datetime(2030, 1, 11, 0, 0)
    assert to_local(datetime(2030, 7, 1, 17, 0), "Europe/Warsaw") == summer
    assert to_utc(None, "UTC") is None and to_local(None, "UTC") is None
    assert offset_label("Europe/Warsaw", datetime(2030, 7, 1)) == "UTC+02:00"
    assert offset_label("America/Bogota", datetime(2030, 7, 1)) == "UTC-05:00"


def test_a_skipped_hour_is_refused():
    # Warsaw moves from 02:00 to 03:00 on the last Sunday of March.
    with pytest.raises(NoSuchLocalTime) as e:
        to_utc(datetime(2030, 3, 31, 2, 30), "Europe/Warsaw")
    assert "does not exist in Europe/Warsaw" in str(e.value)
    assert to_utc(datetime(2030, 3, 31, 3, 0), "Europe/Warsaw") == datetime(2030, 3, 31, 1, 0)


def test_a_repeated_hour_is_refused():
    # ... and from 03:00 back to 02:00 on the last Sunday of October: 02:30 happens twice.
    with pytest.raises(NoSuchLocalTime) as e:
        to_utc(datetime(2030, 10, 27, 2, 30), "Europe/Warsaw")
    assert "happens twice" in str(e.value)
    assert to_utc(datetime(2030, 10, 27, 3, 30), "Europe/Warsaw") == datetime(2030, 10, 27, 2, 30)


def test_zone_names_are_checked():
    assert is_zone("Europe/Warsaw") and is_zone("UTC")
    assert not is_zone("Mars/Olympus") and not is_zone("../etc/passwd")
    with pytest.raises(UnknownZone):
        zone("Mars/Olympus")
    choices = zone_choices()
    assert choices[0] == "UTC" and "Europe/Warsaw" in choices[:30]
    assert "Pacific/Auckland" in choices and len(choices) == len(set(choices)) > 300

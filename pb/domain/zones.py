"""Time zones of cycles (IANA names, read with zoneinfo). Every time is stored as naive UTC;
staff type and read local times in the cycle's zone, so the conversions live here, with the
two cases a wall clock makes hard: a local time that never happens (the hour skipped when
clocks go forward) is refused, and one that happens twice (the hour repeated when clocks go
back) is refused too, since nobody can tell which of the two was meant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pb.domain.text import N_, TextError

DEFAULT_ZONE = "UTC"

# Offered first in the staff forms; the full IANA list follows them.
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Warsaw",
    "Europe/Rome",
    "Europe/Athens",
    "Europe/Kyiv",
    "Africa/Cairo",
    "Asia/Beirut",
    "Asia/Dubai",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)


class UnknownZone(TextError):
    pass


class NoSuchLocalTime(TextError):
    pass


@cache
def all_zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def zone_choices() -> list[str]:
    """The common zones, then every other one the system knows, alphabetically."""
    common = [z for z in COMMON_ZONES if z == "UTC" or z in all_zones()]
    return common + [z for z in all_zones() if z not in common]


def zone(name: str | None) -> ZoneInfo:
    """The zone called `name`; refused when there is none by that name."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZone(N_("%(zone)s is not a time zone we know."), zone=str(name)) from None


def is_zone(name: str) -> bool:
    return name in all_zones()


def to_utc(local: datetime | None, name: str) -> datetime | None:
    """A wall-clock time in zone `name` as naive UTC. A time skipped or repeated by a clock
    change is refused with a message naming it."""
    if local is None:
        return None
    tz = zone(name)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    stamp = local.strftime("%Y-%m-%d %H:%M")
    # Round trip: a nonexistent time comes back different from what was typed.
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
        raise NoSuchLocalTime(
            N_(
                "%(time)s does not exist in %(zone)s: the clocks skip that hour. Choose another time."
            ),
            time=stamp,
            zone=name,
        )
    if first.utcoffset() != second.utcoffset():
        raise NoSuchLocalTime(
            N_(
                "%(time)s happens twice in %(zone)s: the clocks go back that hour. Choose another time."
            ),
            time=stamp,
            zone=name,
        )
    return first.astimezone(UTC).replace(tzinfo=None)


def to_local(stored: datetime | None, name: str) -> datetime | None:
    """A stored (naive UTC) time as a naive wall-clock time in zone `name`, for a form field."""
    if stored is None:
        return None
    moment = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
    return moment.astimezone(zone(name)).replace(tzinfo=None)


def offset_label(name: str, at: datetime) -> str:
    """'UTC+01:00' at `at` (naive UTC), for the staff forms' hints."""
    offset = (at.replace(tzinfo=UTC).astimezone(zone(name)).utcoffset()) or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

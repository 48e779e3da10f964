"""App-wide template filters: money, plain numbers, Markdown, excerpts and dates, formatted for
residents in the language of the request (Babel's locale data). `init_app` registers them all."""

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from fractions import Fraction

from babel.core import Locale
from babel.dates import format_date, format_time, get_timezone_name
from flask import Flask
from markupsafe import Markup

from pb.domain.markdown import plain, render
from pb.services.wording import locale as _locale
from pb.services.wording import money, number


def safe_markdown(text: str | None) -> Markup:
    return Markup(render(text))  # noqa: S704  (render() sanitizes with nh3)


def excerpt(text: str | None, limit: int = 200) -> str:
    return plain(text, limit)


def when(value: datetime | date | None, zone: tzinfo | None = None) -> str:
    """A date, or a stored (UTC) time shown in `zone` (UTC when none) with the zone's name."""
    if value is None:
        return ""
    locale = _locale()
    if not isinstance(value, datetime):
        return format_date(value, "medium", locale=locale)
    zone = zone or UTC
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    day, hour = (
        format_date(local, "medium", locale=locale),
        format_time(local, "short", locale=locale),
    )
    shown = str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", hour)
    return f"{shown} {zone_name(local, locale)}"


def zone_name(local: datetime, locale: Locale) -> str:
    """UTC as "UTC"; any other zone by its name in the locale, e.g. "Central European Time" or
    "hora de Colombia" (never a bare "-0400")."""
    if local.utcoffset() == timedelta(0) and getattr(local.tzinfo, "key", "UTC") in (
        "UTC",
        "Etc/UTC",
    ):
        return get_timezone_name(local, "short", locale=locale)
    return get_timezone_name(local, "long", locale=locale, zone_variant="generic")


def width(percent: float | int | Fraction | Decimal) -> str:
    """A class that sets a bar's width to the whole percent nearest `percent` (0 to 100): a
    strict Content-Security-Policy allows no style="" attributes (static/css/pb.css has .w-0 to
    .w-100)."""
    return f"w-{max(0, min(100, round(float(percent))))}"


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    for f in (money, number, safe_markdown, excerpt, when, width):
        app.add_template_filter(f, f.__name__)

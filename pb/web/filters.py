"""App-wide template filters: money, plain numbers, Markdown, excerpts and dates, formatted for
residents in the language of the request (Babel's locale data). `init_app` registers them all."""

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from babel.core import Locale
from babel.dates import format_date, format_time, get_timezone_name
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from pb.domain.markdown import plain, render

Amount = Decimal | Fraction | int | float


def _exact(value: Amount) -> Decimal:
    """To the cent, halves to even, without passing through binary floating point."""
    if isinstance(value, Fraction):
        cents = round(value * 100)
        return Decimal(cents) / 100
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN
    )


def _locale() -> Locale:
    return get_locale() or Locale("en")


def money(value: Amount | None, currency: str = "") -> str:
    """1234567 -> '1,234,567' in English, '1 234 567' in Polish, '1.234.567' in Spanish; cents
    only when there are any; the cycle's currency, as staff typed it, after the amount."""
    if value is None:
        return ""
    exact, currency = _exact(value), (currency or "").strip()
    whole = exact == exact.to_integral_value()
    text = format_decimal(exact, "#,##0" if whole else "#,##0.00", locale=_locale())
    return f"{text} {currency}" if currency else text


def number(value: int | float | Decimal | Fraction | None) -> str:
    """A count or score with the locale's separators: whole numbers as they are, fractions (a
    shared score, say) to two decimals."""
    if value is None:
        return ""
    exact = Decimal(value) if isinstance(value, int) else _exact(value)
    whole = exact == exact.to_integral_value()
    return format_decimal(exact, "#,##0" if whole else "#,##0.00", locale=_locale())


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

"""App-wide template filters: money, plain numbers, Markdown, excerpts and dates, formatted for
residents. `init_app` registers them all."""

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from flask import Flask
from markupsafe import Markup

from pb.domain.markdown import plain, render
from pb.domain.money import format_money


def money(value: Decimal | Fraction | int | float | None, currency: str = "") -> str:
    return "" if value is None else format_money(value, currency)


def number(value: int | float | Decimal | Fraction | None) -> str:
    """A count or score with thousands separators: whole numbers as they are, fractions (a
    shared score, say) to two decimals."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(str(value))
    if exact == exact.to_integral_value():
        return f"{exact:,.0f}"
    return f"{exact:,.2f}"


def safe_markdown(text: str | None) -> Markup:
    return Markup(render(text))  # noqa: S704  (render() sanitizes with nh3)


def excerpt(text: str | None, limit: int = 200) -> str:
    return plain(text, limit)


def when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d %b %Y, %H:%M} UTC"
    return f"{value:%d %b %Y}"


def width(percent: float | int | Fraction | Decimal) -> str:
    """A class that sets a bar's width to the whole percent nearest `percent` (0 to 100): a
    strict Content-Security-Policy allows no style="" attributes (static/css/pb.css has .w-0 to
    .w-100)."""
    return f"w-{max(0, min(100, round(float(percent))))}"


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    for f in (money, number, safe_markdown, excerpt, when, width):
        app.add_template_filter(f, f.__name__)

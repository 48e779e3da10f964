"""Template filters: money and numbers formatted for residents."""

from decimal import Decimal
from fractions import Fraction

from flask import Flask


def money(value: Decimal | Fraction | int | float | None, currency: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, Fraction):
        amount = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        amount = Decimal(str(value))
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{text} {currency}".strip()


def number(value: int | float | Decimal | None) -> str:
    return "" if value is None else f"{value:,}"


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(money, "money")

    @app.context_processor
    def _endpoints() -> dict:
        return {"has_endpoint": lambda name: name in app.view_functions}

    app.add_template_filter(number, "number")

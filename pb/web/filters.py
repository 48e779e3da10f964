"""Template filters: money and numbers formatted for residents."""

from decimal import Decimal
from fractions import Fraction

from flask import Flask

from pb.domain.money import format_money


def money(value: Decimal | Fraction | int | float | None, currency: str = "") -> str:
    return "" if value is None else format_money(value, currency)


def number(value: int | float | Decimal | None) -> str:
    return "" if value is None else f"{value:,}"


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(money, "money")

    @app.context_processor
    def _endpoints() -> dict:
        return {"has_endpoint": lambda name: name in app.view_functions}

    app.add_template_filter(number, "number")

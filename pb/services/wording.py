"""Words and numbers in the request's language (Babel's locale data): money, counts, and the
domain's `Text` messages with their values written for the locale. The template filters and the
services' refusals both use these, so a Spanish page and a Spanish refusal read alike."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from babel.core import Locale
from babel.numbers import format_decimal
from flask_babel import get_locale, gettext

from pb.domain.text import Money, Text

Amount = Decimal | Fraction | int | float


def exact(value: Amount) -> Decimal:
    """To the cent, halves to even, without passing through binary floating point."""
    if isinstance(value, Fraction):
        return Decimal(round(value * 100)) / 100
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN
    )


def locale() -> Locale:
    return get_locale() or Locale("en")


def money(value: Amount | None, currency: str = "") -> str:
    """1234567 -> '1,234,567' in English, '1 234 567' in Polish, '1.234.567' in Spanish; cents
    only when there are any; the cycle's currency, as staff typed it, after the amount."""
    if value is None:
        return ""
    amount, currency = exact(value), (currency or "").strip()
    text = _decimal(amount, str(locale()))
    return f"{text} {currency}" if currency else text


def number(value: int | float | Decimal | Fraction | None) -> str:
    """A count or score with the locale's separators: whole numbers as they are, fractions (a
    shared score, say) to two decimals."""
    if value is None:
        return ""
    amount = Decimal(value) if isinstance(value, int) else exact(value)
    return _decimal(amount, str(locale()))


@lru_cache(maxsize=4096)
def _decimal(amount: Decimal, locale_name: str) -> str:
    """Whole amounts without decimals, others to the cent. Cached: Babel takes about 20 us a
    number, and a ballot page writes the same few (the budget, its limits) on every view."""
    whole = amount == amount.to_integral_value()
    return format_decimal(amount, "#,##0" if whole else "#,##0.00", locale=locale_name)


def translate(value: Any) -> str:
    """A message in the request's language: a domain `Text` (or an error carrying one as
    `.text`) is looked up in the catalog and its values written for the locale, a Text inside
    it too; anything else (already translated by gettext, or a value) as it is."""
    text = getattr(value, "text", value)
    if not isinstance(text, Text):
        return str(value)

    def show(item: Any) -> str:
        if isinstance(item, Money):
            return money(item.amount, item.currency)
        if isinstance(item, int | float | Decimal | Fraction) and not isinstance(item, bool):
            return number(item)
        return translate(item)

    return text.render(gettext, show)

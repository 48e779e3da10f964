"""Amounts of money as a resident reads them, the same on every page, ballot message, tally
explanation and in the `pb` command: thousands separated, cents only when there are any.

Exact: Decimal, Fraction and int amounts are rounded to the cent in rational arithmetic, so
nothing passes through binary floating point (a float is read as the decimal it prints as).
Halves round to even, as Python's `round` and Decimal's formatting do.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Amount = Decimal | Fraction | int | float


def format_money(amount: Amount, currency: str | None = None) -> str:
    """1234567 -> '1,234,567'; Fraction(1, 3) -> '0.33'; (1000, 'PLN') -> '1,000 PLN'."""
    exact = Fraction(Decimal(repr(amount))) if isinstance(amount, float) else Fraction(amount)
    if exact.denominator == 1:
        text = f"{exact.numerator:,}"
    else:
        cents = round(exact * 100)
        whole, part = divmod(abs(cents), 100)
        text = f"{'-' if cents < 0 else ''}{whole:,}.{part:02d}"
    currency = (currency or "").strip()
    return f"{text} {currency}" if currency else text

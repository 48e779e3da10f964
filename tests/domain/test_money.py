from decimal import Decimal
from fractions import Fraction

import pytest

from pb.domain.money import format_money


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (1234567, "1,234,567"),
        (Decimal("2500000.00"), "2,500,000"),
        (Fraction(140477568, 100), "1,404,775.68"),
        (Decimal("1234.5"), "1,234.50"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Decimal("1.999"), "2.00"),  # has cents, so they show even when they round away
        (Decimal("0.125"), "0.12"),  # halves to even
        (Decimal("0.135"), "0.14"),
        (-1500, "-1,500"),
        (Fraction(-1, 3), "-0.33"),
        (Decimal("-0.001"), "0.00"),
        (12.5, "12.50"),
        (0.015, "0.02"),  # the float's printed decimal, not its binary value 0.01499...
    ],
)
def test_format_money(amount, text):
    assert format_money(amount) == text


def test_exact_beyond_float_precision():
    assert format_money(Fraction(10**20 + 1, 100)) == "1,000,000,000,000,000,000.01"


def test_currency_follows_the_amount():
    assert format_money(1000, "PLN") == "1,000 PLN"
    assert format_money(Decimal("9.5"), "EUR") == "9.50 EUR"
    assert format_money(1000, "") == format_money(1000, None) == "1,000"

"""Words the domain says to people, kept translatable without Flask.

The domain marks a message with `N_` (so `make translations` extracts it) and keeps it apart
from its values in a `Text`; the web layer looks the template up in the resident's language and
formats the values for their locale (pb.web.i18n.translate). `str(text)` is the English, for
the command line and logs.

    raise BallotInvalid(N_("Choose at most %(most)s projects."), most=3)
    Text(N_("%(name)s costs %(cost)s."), {"name": title, "cost": Money(150000, "PLN")})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pb.domain.money import format_money


def N_(message: str) -> str:  # noqa: N802  (gettext's name for "mark, translate later")
    return message


@dataclass(frozen=True)
class Money:
    """An amount inside a message: each locale writes it its own way."""

    amount: Decimal | Fraction | int | float
    currency: str = ""

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


@dataclass(frozen=True)
class Text:
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.render(lambda m: m, _english)

    def __add__(self, other: object) -> Text:
        """Text + "more words": the first part stays translatable, the rest is joined as is."""
        return Text("%(a)s%(b)s", {"a": self, "b": other})

    def __radd__(self, other: object) -> Text:
        return Text("%(a)s%(b)s", {"a": other, "b": self})

    def render(self, gettext: Callable[[str], str], show: Callable[[Any], str]) -> str:
        """The template in another language, each value written by `show` (a locale's money
        and number formats)."""
        template = gettext(self.template)
        if not self.params:
            return template
        return template % {key: show(value) for key, value in self.params.items()}


def _english(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


class TextError(ValueError):
    """An input error whose message a person reads: `.text` keeps it translatable."""

    def __init__(self, template: str | Text, /, **params: Any) -> None:
        self.text = template if isinstance(template, Text) else Text(template, params)
        super().__init__(str(self.text))

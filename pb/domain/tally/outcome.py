"""What a tally returns: the funded projects and why, in a form the web app and CLI share.

Also the small wording helpers every rule uses for its explanations, so that money and ranks
read the same way on every results page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from pb.domain.money import format_money
from pb.domain.text import N_, Money, Text


@dataclass(frozen=True)
class Outcome:
    rule: str
    tie_break: str
    budget: Fraction
    selected: tuple[str, ...]  # project ids, in the order they were funded
    spent: Fraction
    scores: dict[str, Fraction]  # project id -> score under the ballot kind (votes or points)
    # project id -> a sentence or two a resident understands; str(text) is the English
    explanations: dict[str, Text]
    tie_decided: bool = False  # True when a tie-break changed which projects were funded
    ties: tuple[Text, ...] = field(default_factory=tuple)  # each tie met, in plain words

    @property
    def left(self) -> Fraction:
        return self.budget - self.spent

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "tie_break": self.tie_break,
            "budget": _num(self.budget),
            "selected": list(self.selected),
            "spent": _num(self.spent),
            "left": _num(self.left),
            "tie_decided": self.tie_decided,
            "ties": [text_to_json(t) for t in self.ties],
            "scores": {k: _num(v) for k, v in self.scores.items()},
            "explanations": {k: text_to_json(v) for k, v in self.explanations.items()},
        }


def _num(x: Fraction) -> int | float:
    return int(x) if x.denominator == 1 else float(x)


def money(x: Fraction | int) -> str:
    """1234567 -> '1,234,567'; amounts with cents keep two decimals: '1,404,775.68'."""
    return format_money(x)


def count(n: int | Fraction, word: str) -> str:
    """count(1, 'vote') -> '1 vote'; count(1234, 'vote') -> '1,234 votes'."""
    n = Fraction(n)
    text = f"{int(n):,}" if n.denominator == 1 else f"{float(n):,.2f}"
    return f"{text} {word}" if n == 1 else f"{text} {word}s"


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def id_list(ids: list[str]) -> str:
    return ", ".join(ids[:-1]) + " and " + ids[-1] if len(ids) > 1 else "".join(ids)


def names(election_projects: list, indexes: list[int]) -> str:
    """Projects named as residents know them (their title, else their id), for a message."""
    return ", ".join(election_projects[i].name or election_projects[i].id for i in indexes)


def text_to_json(text: Text | str) -> Any:
    """A message kept translatable in a stored count: the template and its values apart."""
    if not isinstance(text, Text):
        return text
    return {
        "template": text.template,
        "params": {k: _value_json(v) for k, v in text.params.items()},
    }


def _value_json(value: Any) -> Any:
    if isinstance(value, Text):
        return text_to_json(value)
    if isinstance(value, Money):
        amount = Fraction(value.amount) if not isinstance(value.amount, float) else value.amount
        if isinstance(amount, Fraction):
            amount = _num(amount)
        return {"money": amount, "currency": value.currency}
    if isinstance(value, Fraction):
        return _num(value)
    return value


def text_from_json(stored: Any, currency: str = "") -> Text | str:
    """Back from a stored count (counts stored before messages were translatable are plain
    English strings and stay so). Amounts get the budget's currency."""
    if not isinstance(stored, dict) or "template" not in stored:
        return stored if isinstance(stored, str) else str(stored)
    return Text(
        stored["template"],
        {k: _value_from_json(v, currency) for k, v in stored.get("params", {}).items()},
    )


def _value_from_json(value: Any, currency: str) -> Any:
    if isinstance(value, dict) and "money" in value:
        return Money(value["money"], value.get("currency") or currency)
    if isinstance(value, dict) and "template" in value:
        return text_from_json(value, currency)
    return value


# The tie-breaks in a resident's words, for the tie notes on the results page.
TIE_BREAK_WORDS = {
    "id": N_("the project with the lower number"),
    "cost-votes": N_("the cheaper project, then the one with more votes"),
    "refuse": N_("a decision by staff"),
}


def tie_break_words(name: str) -> Text:
    return Text(TIE_BREAK_WORDS.get(name, name))


def votes(n: int | Fraction, word: str, place: int | None = None) -> Text:
    """A project's score for a message, without a plural to agree with: "votes: 12, place 3"."""
    if word == "point":
        template = N_("points: %(n)s, place %(place)s") if place else N_("points: %(n)s")
    else:
        template = N_("votes: %(n)s, place %(place)s") if place else N_("votes: %(n)s")
    return Text(template, {"n": n, "place": place} if place else {"n": n})

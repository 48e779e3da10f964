"""What a tally returns: the funded projects and why, in a form the web app and CLI share.

Also the small wording helpers every rule uses for its explanations, so that money and ranks
read the same way on every results page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from pb.domain.money import format_money


@dataclass(frozen=True)
class Outcome:
    rule: str
    tie_break: str
    budget: Fraction
    selected: tuple[str, ...]  # project ids, in the order they were funded
    spent: Fraction
    scores: dict[str, Fraction]  # project id -> score under the ballot kind (votes or points)
    explanations: dict[str, str]  # project id -> one sentence a resident understands
    tie_decided: bool = False  # True when a tie-break changed which projects were funded
    ties: tuple[str, ...] = field(
        default_factory=tuple
    )  # human-readable description of each tie met

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
            "ties": list(self.ties),
            "scores": {k: _num(v) for k, v in self.scores.items()},
            "explanations": dict(self.explanations),
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

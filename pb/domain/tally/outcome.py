"""What a tally returns: the funded projects and why, in a form the web app and CLI share."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


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

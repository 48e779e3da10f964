"""The pabulib format as data: every known META, PROJECTS and VOTES field with its type, whether
it is required, and the check its value must pass (pabulib.org/format).

The parser looks fields up here instead of branching per field, so a new field is one row.
Fields not listed are kept as text, unchecked: pabulib files carry many city-specific extras.
An empty value in an optional field means "not given" and is never checked.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from pb.domain.election import VOTE_TYPES
from pb.domain.text import N_, Text, TextError


class PabulibError(TextError):
    """A malformed `.pb` file. `line` is the 1-based line the problem was found on; `problem`
    the English without it (`problem_text` the translatable one)."""

    def __init__(self, problem: str | Text, line: int | None = None, /, **params: Any):
        self.problem_text = problem if isinstance(problem, Text) else Text(problem, params)
        self.problem = str(self.problem_text)
        self.line = None if line is None else int(line)
        # The line as text: a line number is never written 1,234.
        where = {"line": str(self.line), "problem": self.problem_text}
        super().__init__(
            Text(N_("line %(line)s: %(problem)s"), where) if self.line else self.problem_text
        )


ALWAYS = frozenset(VOTE_TYPES)
WITH_POINTS = frozenset({"cumulative", "scoring"})


# A decimal (1404775.68, 2e6) or a fraction p/q as `write` produces for non-decimal amounts.
# Bounded in length and exponent: Fraction("1e100000000") would build a 100-million-digit
# integer before any range check could run.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?|[+-]?\d+/\d+")
MAX_NUMBER_TEXT = 60
# Money (budgets and costs) and points stay far inside what int64 sums and float64 copies hold
# exactly: a million ballots of MAX_POINTS each still add up below 2**53.
MAX_MONEY = Fraction(10**18)
MAX_POINTS = 10**9


def _number(text: str) -> Fraction:
    # Fraction rejects "nan" and "inf"; pabulib decimals such as 1404775.68 stay exact.
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT or not _NUMBER.fullmatch(text):
        raise ValueError(text)
    return Fraction(text)


def integer(text: str) -> int:
    """A whole number of bounded length (int() of a long digit string is slow)."""
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError(text)
    return int(text)


def _float(text: str) -> float:
    value = float(text.strip())
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError
    return value


# type name -> (converter raising ValueError on bad text, the message when it does)
TYPES: dict[str, tuple[Callable[[str], object], str]] = {
    "text": (str, N_("%(name)s must be text, not %(text)s")),
    "int": (integer, N_("%(name)s must be a whole number, not %(text)s")),
    "number": (_number, N_("%(name)s must be a number, not %(text)s")),
    "float": (_float, N_("%(name)s must be a number, not %(text)s")),
    "vote_type": (
        lambda s: _vote_type(s.strip()),
        N_("%(name)s must be one of %(choices)s, not %(text)s"),
    ),
    "ids": (str, N_("%(name)s must be comma-separated project ids, not %(text)s")),
    "ints": (str, N_("%(name)s must be comma-separated whole numbers, not %(text)s")),
}


def _vote_type(text: str) -> str:
    if text not in VOTE_TYPES:
        raise ValueError
    return text


# A check returns None or a message about the field %(name)s.
def _non_negative(x) -> str | None:
    return None if x >= 0 else N_("%(name)s must not be negative")


def _money(x) -> str | None:
    if x < 0:
        return N_("%(name)s must not be negative")
    return None if x <= MAX_MONEY else N_("%(name)s is too large (at most 10^18)")


def _positive(x) -> str | None:
    return None if x > 0 else N_("%(name)s must be positive")


def _no_comma(x) -> str | None:
    # Votes list project ids separated by commas: an id holding one could never be voted for.
    return N_("%(name)s must not contain a comma") if "," in x else None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str = "text"
    # vote types for which the field must be present (ALWAYS, WITH_POINTS or none)
    required: frozenset[str] = frozenset()
    check: Callable[[object], str | None] | None = None
    note: str = ""  # for readers of this table; never shown
    unique: bool = False  # a row key: never empty, never repeated within its section

    def convert(self, text: str) -> tuple[object | None, Text | None]:
        """(value, None) or (None, what is wrong)."""
        convert, wrong = TYPES[self.type]
        try:
            value = convert(text)
        except (ValueError, ZeroDivisionError):
            params = {"name": self.name, "text": repr(text), "choices": ", ".join(VOTE_TYPES)}
            return None, Text(wrong, params)
        problem = self.check(value) if self.check else None
        return (None, Text(problem, {"name": self.name})) if problem else (value, None)


def _table(*fields: FieldSpec) -> dict[str, FieldSpec]:
    return {f.name: f for f in fields}


META = _table(
    FieldSpec("budget", "number", ALWAYS, _money, "money available to the rule"),
    FieldSpec("vote_type", "vote_type", ALWAYS, None, "approval, choose-1, ordinal, cumulative, scoring"),
    FieldSpec("num_projects", "int", frozenset(), _non_negative, "number of PROJECTS rows"),
    FieldSpec("num_votes", "int", frozenset(), _non_negative, "number of VOTES rows"),
    FieldSpec("rule", note="the rule the city used (greedy, greedy-threshold, ...)"),
    FieldSpec("min_length", "int", check=_non_negative, note="fewest projects a ballot names"),
    FieldSpec("max_length", "int", check=_non_negative, note="most projects a ballot names"),
    FieldSpec("max_sum_cost", "number", check=_money, note="knapsack spending cap"),
    FieldSpec("min_sum_points", "number", note="fewest points a ballot spends"),
    FieldSpec("max_sum_points", "number", note="most points a ballot spends"),
    FieldSpec("max_points", "number", note="most points for one project"),
    FieldSpec("min_points", "number", note="fewest points for one project"),
    FieldSpec("min_project_score_threshold", "number", note="greedy-threshold cut-off"),
    FieldSpec("min_project_cost", "number", check=_non_negative),
    FieldSpec("max_project_cost", "number", check=_non_negative),
    FieldSpec("fully_funded", "int", note="1 when every project was funded"),
    *(
        FieldSpec(name)
        for name in (
            "description", "country", "unit", "subunit", "instance", "district", "edition",
            "currency", "language", "date_begin", "date_end", "comment", "acknowledgments",
            "subdistricts", "leftover_budget", "experimental", "categories",
            "budget_per_category", "min_length_per_category", "max_sum_cost_per_category",
        )
    ),
)  # fmt: skip

PROJECTS = _table(
    FieldSpec("project_id", "text", ALWAYS, _no_comma, "id referred to by votes", unique=True),
    FieldSpec("cost", "number", ALWAYS, _money, "what funding the project costs"),
    FieldSpec("votes", "number", check=_non_negative, note="number of supporters"),
    FieldSpec("score", "number", note="points received (cumulative, ordinal, scoring)"),
    FieldSpec("selected", "int", check=_non_negative, note="official outcome: 1 funded"),
    FieldSpec("latitude", "float"),
    FieldSpec("longitude", "float"),
    *(
        FieldSpec(name)
        for name in (
            "name", "category", "target", "beneficiaries", "description", "district",
            "subunit", "neighborhood", "proposer", "public_id",
        )
    ),
)  # fmt: skip

VOTES = _table(
    FieldSpec("voter_id", "text", ALWAYS, None, "id of the ballot", unique=True),
    FieldSpec("vote", "ids", ALWAYS, None, "project ids, best first for ordinal ballots"),
    FieldSpec("points", "ints", WITH_POINTS, None, "points per project, parallel to vote"),
    FieldSpec("age", "int", check=_non_negative),
    *(
        FieldSpec(name)
        for name in ("sex", "voting_method", "district", "neighborhood", "education")
    ),
)

SECTIONS = {"META": META, "PROJECTS": PROJECTS, "VOTES": VOTES}


def field(section: str, name: str) -> FieldSpec:
    """The known field, or an unchecked text field for anything else."""
    return SECTIONS[section].get(name) or FieldSpec(name)


def missing_required(section: str, present, vote_type: str) -> list[str]:
    return [
        f.name
        for f in SECTIONS[section].values()
        if vote_type in f.required and f.name not in present
    ]


def header_columns(row: list[str], line: int, section: str) -> list[str]:
    """Column names of a header row, without trailing empty names (a trailing `;`)."""
    names = [c.strip() for c in row]
    while names and not names[-1]:
        names.pop()
    if "" in names:
        raise PabulibError(N_("%(section)s header has an empty column name"), line, section=section)
    dup = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if dup:
        raise PabulibError(
            N_("%(section)s header names column %(column)s twice"),
            line,
            section=section,
            column=repr(dup),
        )
    return names


def fit_row(row: list[str], width: int, raw_width: int, line: int, section: str) -> list[str]:
    """The row cut to `width` fields; fields past it (up to the header's trailing `;`) must be
    empty."""
    if not width <= len(row) <= max(width, raw_width) or any(c.strip() for c in row[width:]):
        raise PabulibError(
            N_("%(section)s row has %(got)s fields, expected %(want)s"),
            line,
            section=section,
            got=str(len(row)),
            want=str(width),
        )
    return row[:width]


def csv_rows(first_line: int, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for each non-blank `;`-separated row.

    A field may be double-quoted and then hold `;`, `""` and line breaks. A line whose quotes do
    not form a quoted field (pabulib has a name `"Odkupmy" i my - ...`) is split on `;` as plain
    text, keeping its quote marks, rather than silently dropping them as a lenient reader would.
    """
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        start, line = k, lines[k]
        k += 1
        if '"' not in line:
            row = line.split(";")
        else:
            while True:
                try:
                    row = next(csv.reader([line], delimiter=";", strict=True))
                    break
                except csv.Error as exc:
                    if "unexpected end of data" in str(exc) and k < len(lines):
                        line += "\n" + lines[k]  # a quoted field spanning lines
                        k += 1
                        continue
                    if "unexpected end of data" in str(exc):
                        raise PabulibError(
                            N_("a quoted field is never closed"), first_line + start
                        ) from None
                    row = lines[start].split(";")
                    k = start + 1
                    break
        if any(cell.strip() for cell in row):
            yield first_line + start, row

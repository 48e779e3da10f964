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

from pb.domain.election import VOTE_TYPES


class PabulibError(ValueError):
    """A malformed `.pb` file. `line` is the 1-based line the problem was found on."""

    def __init__(self, problem: str, line: int | None = None):
        self.problem = problem
        self.line = None if line is None else int(line)
        line = self.line
        super().__init__(f"line {line}: {problem}" if line else problem)


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


# type name -> (converter raising ValueError on bad text, what to call it in an error message)
TYPES: dict[str, tuple[Callable[[str], object], str]] = {
    "text": (str, "text"),
    "int": (integer, "a whole number"),
    "number": (_number, "a number"),
    "float": (_float, "a number"),
    "vote_type": (lambda s: _vote_type(s.strip()), f"one of {', '.join(VOTE_TYPES)}"),
    "ids": (str, "comma-separated project ids"),
    "ints": (str, "comma-separated whole numbers"),
}


def _vote_type(text: str) -> str:
    if text not in VOTE_TYPES:
        raise ValueError
    return text


def _non_negative(x) -> str | None:
    return None if x >= 0 else "must not be negative"


def _money(x) -> str | None:
    if x < 0:
        return "must not be negative"
    return None if x <= MAX_MONEY else "is too large (at most 10^18)"


def _positive(x) -> str | None:
    return None if x > 0 else "must be positive"


def _no_comma(x) -> str | None:
    # Votes list project ids separated by commas: an id holding one could never be voted for.
    return "must not contain a comma" if "," in x else None


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"
    # vote types for which the field must be present (ALWAYS, WITH_POINTS or none)
    required: frozenset[str] = frozenset()
    check: Callable[[object], str | None] | None = None
    description: str = ""
    unique: bool = False  # a row key: never empty, never repeated within its section

    def convert(self, text: str) -> tuple[object | None, str | None]:
        """(value, None) or (None, what is wrong)."""
        convert, kind = TYPES[self.type]
        try:
            value = convert(text)
        except (ValueError, ZeroDivisionError):
            return None, f"{self.name} must be {kind}, not {text!r}"
        problem = self.check(value) if self.check else None
        return (None, f"{self.name} {problem}") if problem else (value, None)


def _table(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


META = _table(
    Field("budget", "number", ALWAYS, _money, "money available to the rule"),
    Field("vote_type", "vote_type", ALWAYS, None, "approval, choose-1, ordinal, cumulative, scoring"),
    Field("num_projects", "int", frozenset(), _non_negative, "number of PROJECTS rows"),
    Field("num_votes", "int", frozenset(), _non_negative, "number of VOTES rows"),
    Field("rule", description="the rule the city used (greedy, greedy-threshold, ...)"),
    Field("min_length", "int", check=_non_negative, description="fewest projects a ballot names"),
    Field("max_length", "int", check=_non_negative, description="most projects a ballot names"),
    Field("max_sum_cost", "number", check=_money, description="knapsack spending cap"),
    Field("min_sum_points", "number", description="fewest points a ballot spends"),
    Field("max_sum_points", "number", description="most points a ballot spends"),
    Field("max_points", "number", description="most points for one project"),
    Field("min_points", "number", description="fewest points for one project"),
    Field("min_project_score_threshold", "number", description="greedy-threshold cut-off"),
    Field("min_project_cost", "number", check=_non_negative),
    Field("max_project_cost", "number", check=_non_negative),
    Field("fully_funded", "int", description="1 when every project was funded"),
    *(
        Field(name)
        for name in (
            "description", "country", "unit", "subunit", "instance", "district", "edition",
            "currency", "language", "date_begin", "date_end", "comment", "acknowledgments",
            "subdistricts", "leftover_budget", "experimental", "categories",
            "budget_per_category", "min_length_per_category", "max_sum_cost_per_category",
        )
    ),
)  # fmt: skip

PROJECTS = _table(
    Field("project_id", "text", ALWAYS, _no_comma, "id referred to by votes", unique=True),
    Field("cost", "number", ALWAYS, _money, "what funding the project costs"),
    Field("votes", "number", check=_non_negative, description="number of supporters"),
    Field("score", "number", description="points received (cumulative, ordinal, scoring)"),
    Field("selected", "int", check=_non_negative, description="official outcome: 1 funded"),
    Field("latitude", "float"),
    Field("longitude", "float"),
    *(
        Field(name)
        for name in (
            "name", "category", "target", "beneficiaries", "description", "district",
            "subunit", "neighborhood", "proposer", "public_id",
        )
    ),
)  # fmt: skip

VOTES = _table(
    Field("voter_id", "text", ALWAYS, None, "id of the ballot", unique=True),
    Field("vote", "ids", ALWAYS, None, "project ids, best first for ordinal ballots"),
    Field("points", "ints", WITH_POINTS, None, "points per project, parallel to vote"),
    Field("age", "int", check=_non_negative),
    *(Field(name) for name in ("sex", "voting_method", "district", "neighborhood", "education")),
)

SECTIONS = {"META": META, "PROJECTS": PROJECTS, "VOTES": VOTES}


def field(section: str, name: str) -> Field:
    """The known field, or an unchecked text field for anything else."""
    return SECTIONS[section].get(name) or Field(name)


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
        raise PabulibError(f"{section} header has an empty column name", line)
    dup = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if dup:
        raise PabulibError(f"{section} header names column {dup!r} twice", line)
    return names


def fit_row(row: list[str], width: int, raw_width: int, line: int, section: str) -> list[str]:
    """The row cut to `width` fields; fields past it (up to the header's trailing `;`) must be
    empty."""
    if not width <= len(row) <= max(width, raw_width) or any(c.strip() for c in row[width:]):
        raise PabulibError(f"{section} row has {len(row)} fields, expected {width}", line)
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
                            "a quoted field is never closed", first_line + start
                        ) from None
                    row = lines[start].split(";")
                    k = start + 1
                    break
        if any(cell.strip() for cell in row):
            yield first_line + start, row

"""An election in pabutools' vocabulary: an instance (projects and a budget) and a profile
(the ballots), held as arrays so that a million voters fit in memory and tally fast.

Money is exact: costs and budgets are `Fraction`s (pabulib has decimal budgets such as
1404775.68). Float copies exist only as derived numpy arrays for fast paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")


@dataclass(frozen=True, slots=True)
class Project:
    """One project. `fields` keeps every other PROJECTS column as text (name, votes, selected...)."""

    id: str
    cost: Fraction
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.fields.get("name", "")


@dataclass(frozen=True)
class Profile:
    """Ballots as a ragged array.

    Ballot `i` names the projects `items[offsets[i]:offsets[i + 1]]` (indices into
    `Election.projects`), in the order the ballot gives them (best first for ordinal ballots).
    `points` runs parallel to `items` for cumulative and scoring ballots, else it is None.
    `voters` has one row per ballot: `voter_id` and every optional VOTES column, as text
    (missing values as empty strings), in file order.

    pandas is imported only when `voters` is read: a count never reads it, and the `pb`
    command starts 0.15 s sooner without it. `voter_table` None is a table with no columns.
    """

    offsets: np.ndarray  # int64, len = num_voters + 1
    items: np.ndarray  # int32
    points: np.ndarray | None
    voter_table: pd.DataFrame | None = None

    @cached_property
    def voters(self) -> pd.DataFrame:
        if self.voter_table is not None:
            return self.voter_table
        import pandas as pd

        return pd.DataFrame(index=pd.RangeIndex(self.num_voters))

    @property
    def num_voters(self) -> int:
        return len(self.offsets) - 1

    def ballot(self, i: int) -> list[int]:
        return self.items[self.offsets[i] : self.offsets[i + 1]].tolist()

    @cached_property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)


@dataclass(frozen=True)
class Election:
    """A whole pabulib file: META (text, file order), projects (file order) and the profile."""

    meta: Mapping[str, str]
    projects: tuple[Project, ...]
    profile: Profile
    project_columns: tuple[str, ...] = ("project_id", "cost")
    vote_columns: tuple[str, ...] = ("voter_id", "vote")

    @property
    def budget(self) -> Fraction:
        return Fraction(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def rule(self) -> str | None:
        return self.meta.get("rule") or None

    @cached_property
    def project_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.projects)}

    @cached_property
    def costs(self) -> np.ndarray:
        """Project costs as float64, for fast paths (exact values stay on `Project.cost`)."""
        return np.array([float(p.cost) for p in self.projects], dtype=np.float64)

    def meta_number(self, key: str) -> Fraction | None:
        value = self.meta.get(key, "").strip()
        return Fraction(value) if value else None

    def official_selected(self) -> frozenset[str] | None:
        """Projects with `selected == 1` (values 2 and 3 are decided outside the rule), or None
        when the file has no `selected` column."""
        if "selected" not in self.project_columns:
            return None
        return frozenset(
            p.id for p in self.projects if p.fields.get("selected", "").strip() in ("1", "1.0")
        )


def build_election(
    budget: Fraction | int | str,
    projects: list[Project],
    ballots: list[list[str]],
    *,
    vote_type: str = "approval",
    points: list[list[int]] | None = None,
    meta: Mapping[str, str] | None = None,
) -> Election:
    """An election from plain Python data (what the web app and tests hold): `ballots[i]` lists
    project ids, best first for ordinal; `points[i]` runs parallel to it for cumulative."""
    if vote_type not in VOTE_TYPES:
        raise ValueError(f"unknown vote_type {vote_type!r}")
    index = {p.id: i for i, p in enumerate(projects)}
    lengths = np.fromiter((len(b) for b in ballots), dtype=np.int64, count=len(ballots))
    offsets = np.zeros(len(ballots) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    items = np.fromiter(
        (index[pid] for ballot in ballots for pid in ballot), dtype=np.int32, count=int(offsets[-1])
    )
    pts = None
    if points is not None:
        pts = np.fromiter(
            (x for row in points for x in row), dtype=np.int64, count=int(offsets[-1])
        )
    import pandas as pd

    voters = pd.DataFrame({"voter_id": [str(i + 1) for i in range(len(ballots))]})
    full_meta = {
        "budget": str(Fraction(budget))
        if Fraction(budget).denominator != 1
        else str(int(Fraction(budget))),
        "vote_type": vote_type,
        "num_projects": str(len(projects)),
        "num_votes": str(len(ballots)),
    }
    full_meta.update(meta or {})
    vote_columns = ("voter_id", "vote") + (("points",) if pts is not None else ())
    extra = tuple(dict.fromkeys(k for p in projects for k in p.fields))
    return Election(
        meta=full_meta,
        projects=tuple(projects),
        profile=Profile(offsets=offsets, items=items, points=pts, voter_table=voters),
        project_columns=("project_id", "cost", *extra),
        vote_columns=vote_columns,
    )

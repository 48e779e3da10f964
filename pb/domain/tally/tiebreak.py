"""Tie-breaking, explicit and named. A tie-break turns into a rank per project: among tied
projects the lowest rank wins. `refuse` ranks nothing: a rule that meets a tie which changes
the outcome raises `TieUnresolved` so that staff decide (by lot, by council vote...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pb.domain.election import Election


class TieUnresolved(Exception):
    """A tie decided the outcome and the chosen tie-break refuses to decide it."""

    def __init__(self, project_ids: list[str], context: str):
        self.project_ids = project_ids
        self.context = context
        super().__init__(f"tie between projects {', '.join(project_ids)} {context}")


@dataclass(frozen=True)
class TieBreak:
    name: str
    description: str
    _rank: Callable[[Election, np.ndarray], np.ndarray] | None

    @property
    def refuses(self) -> bool:
        return self._rank is None

    def rank(self, election: Election, scores: np.ndarray) -> np.ndarray:
        """Rank per project (int64, 0 = wins every tie). `refuse` still returns the id order so
        that rules can run deterministically; they must raise when a tie matters."""
        if self._rank is None:
            return _by_id(election, scores)
        return self._rank(election, scores)


def _by_id(election: Election, scores: np.ndarray) -> np.ndarray:
    # Plain string comparison, as pabutools' default lexicographic tie-breaking: "1068" < "683".
    order = sorted(range(len(election.projects)), key=lambda i: election.projects[i].id)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _by_cost_then_votes(election: Election, scores: np.ndarray) -> np.ndarray:
    # equalshares.net: the cheaper project first, then the one with more votes, then the id.
    order = sorted(
        range(len(election.projects)),
        key=lambda i: (election.projects[i].cost, -scores[i], election.projects[i].id),
    )
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


TIE_BREAKS: dict[str, TieBreak] = {
    t.name: t
    for t in (
        TieBreak("id", "by project id compared as text, as pabutools does by default", _by_id),
        TieBreak(
            "cost-votes",
            "the lower cost first, then more votes, as equalshares.net does",
            _by_cost_then_votes,
        ),
        TieBreak("refuse", "refuse to decide: report the tie so that staff decide it", None),
    )
}


def get_tie_break(name: str) -> TieBreak:
    try:
        return TIE_BREAKS[name]
    except KeyError:
        raise ValueError(
            f"unknown tie-break {name!r}; choose one of {', '.join(TIE_BREAKS)}"
        ) from None

"""Score per project under each ballot kind, exact integers computed with numpy.

- approval, choose-1 and knapsack ballots: the number of ballots naming the project;
- cumulative and scoring ballots: the sum of the points given to it;
- ordinal ballots: positional points. With ballots of at most k projects the first-ranked
  project gets k points, the second k-1, ... the k-th 1, which is what the `score` column of the
  pabulib ordinal files holds (Kraków 2018: k = 3 -> 3, 2, 1). k is the `max_length` meta when
  given, else the longest ballot (never less than the longest ballot, so no rank scores 0).
"""

from __future__ import annotations

import numpy as np

from pb.domain.election import Election

POINT_KINDS = ("cumulative", "scoring", "ordinal")


def supporters(election: Election) -> np.ndarray:
    """How many ballots name each project (int64), whatever the ballot kind."""
    return np.bincount(election.profile.items, minlength=len(election.projects)).astype(np.int64)


def ordinal_length(election: Election) -> int:
    """k in the positional scoring k, k-1, ..., 1."""
    lengths = election.profile.lengths
    longest = int(lengths.max()) if len(lengths) else 0
    declared = election.meta_number("max_length")
    return max(longest, int(declared) if declared is not None else 0)


def item_points(election: Election) -> np.ndarray | None:
    """Points carried by each entry of `profile.items` (int64), or None for approval-like ballots."""
    profile = election.profile
    kind = election.vote_type
    if kind == "ordinal":
        position = np.arange(len(profile.items), dtype=np.int64) - np.repeat(
            profile.offsets[:-1], profile.lengths
        )
        return ordinal_length(election) - position
    if kind in ("cumulative", "scoring"):
        if profile.points is None:
            raise ValueError(f"{kind} ballots need points")
        return np.asarray(profile.points, dtype=np.int64)
    return None


def project_scores(election: Election) -> np.ndarray:
    """Score per project, in `election.projects` order (int64, exact)."""
    points = item_points(election)
    if points is None:
        return supporters(election)
    scores = np.zeros(len(election.projects), dtype=np.int64)
    np.add.at(scores, election.profile.items, points)
    return scores


def score_word(election: Election) -> str:
    """'vote' for approval-like ballots, 'point' where ballots give points."""
    return "point" if election.vote_type in POINT_KINDS else "vote"

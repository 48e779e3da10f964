"""The ballots MES and maximin count on: identical ballots collapsed into weighted rows, across
any number of 64-bit words, and the pabulib reader's id lookup behind them."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pb.domain import pabulib_votes
from pb.domain.election import Project, build_election
from pb.domain.pabulib import parse_text, write
from pb.domain.tally.mes_ballots import _distinct, support_table


@st.composite
def wide_elections(draw):
    """Up to 200 projects (four words of bits), with many repeated ballots."""
    n = draw(st.integers(1, 200))
    ids = [f"p{i}" for i in range(n)]
    pool = draw(
        st.lists(
            st.lists(st.sampled_from(ids), unique=True, max_size=min(n, 8)), min_size=1, max_size=6
        )
    )
    ballots = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=60))
    projects = [Project(pid, Fraction(1)) for pid in ids]
    return build_election(Fraction(n), projects, ballots)


@settings(max_examples=150, deadline=None)
@given(wide_elections())
def test_rows_are_the_distinct_ballots_with_their_counts(election):
    table = support_table(election)
    expected = Counter(
        frozenset(election.profile.ballot(v))
        for v in range(election.profile.num_voters)
        if election.profile.ballot(v)
    )
    members: list[set[int]] = [set() for _ in range(table.num_rows)]
    for project, rows in enumerate(table.supporters):
        for row in rows.tolist():
            members[row].add(project)
    got = Counter()
    for row, projects in enumerate(members):
        got[frozenset(projects)] += int(table.weights[row])
    assert got == expected
    assert table.num_ballots == election.profile.num_voters
    counts = np.bincount(election.profile.items, minlength=len(election.projects))
    assert table.support_counts.tolist() == counts.tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda words: st.lists(
            st.lists(
                st.integers(0, 2**64 - 1) | st.sampled_from([0, 1, 2**63]),
                min_size=words,
                max_size=words,
            ),
            min_size=1,
            max_size=40,
        )
    )
)
def test_distinct_rows_are_numpys_in_numpys_order(rows):
    matrix = np.array(rows, dtype=np.uint64)
    columns, counts = _distinct([np.ascontiguousarray(c) for c in matrix.T])
    unique, expected = np.unique(matrix, axis=0, return_counts=True)
    assert np.array_equal(np.stack(columns, axis=1), unique)
    assert counts.tolist() == expected.tolist()


def _ids_file(ids: list[str], ballots: list[list[str]]) -> str:
    projects = [Project(pid, Fraction(1)) for pid in ids]
    return write(build_election(Fraction(len(ids)), projects, ballots))


def _read_back(ids: list[str], ballots: list[list[str]]) -> list[list[str]]:
    election = parse_text(_ids_file(ids, ballots), voter_ids=False)
    names = [p.id for p in election.projects]
    return [[names[j] for j in election.profile.ballot(v)] for v in range(len(ballots))]


def test_ids_are_found_by_hash_and_by_search_alike(monkeypatch):
    ids = [str(i) for i in range(1, 400)] + ["a", "zz", "x9y"]
    rng = np.random.default_rng(5)
    ballots = [list(rng.choice(ids, size=rng.integers(1, 6), replace=False)) for _ in range(300)]
    keys = np.array([int.from_bytes(i.encode(), "little") for i in ids], dtype=np.uint32)
    assert pabulib_votes._Lookup(keys, np.arange(len(ids))).shift is not None
    assert _read_back(ids, ballots) == ballots
    # A multiplier that puts every short id in slot 0: the reader must fall back to search.
    monkeypatch.setattr(pabulib_votes._Lookup, "_MULTIPLIERS", np.array([1], dtype=np.uint64))
    assert pabulib_votes._Lookup(np.arange(1, 10, dtype=np.uint32), np.arange(9)).shift is None
    assert _read_back(ids, ballots) == ballots


def test_thousands_of_projects_are_found(monkeypatch):
    ids = [f"{i:05d}" for i in range(3000)]
    rng = np.random.default_rng(6)
    ballots = [list(rng.choice(ids, size=rng.integers(1, 4), replace=False)) for _ in range(50)]
    assert _read_back(ids, ballots) == ballots
    monkeypatch.setattr(pabulib_votes._Lookup, "_MULTIPLIERS", np.array([1], dtype=np.uint64))
    assert _read_back(ids, ballots) == ballots

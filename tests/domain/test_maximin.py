"""Maximin support against pabutools' `maximin_support` (an LP per project and round, solved
with CBC), on small real files and hypothesis elections, and the exact heaviest share against
brute force."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from pb.domain.election import Election, Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import tally
from pb.domain.tally.min_cut import heaviest_share
from pb.domain.tally.tiebreak import TieUnresolved
from tests.conftest import pabulib_file

pytest.importorskip("pabutools")
from pabutools.rules import maximin_support  # noqa: E402

from tests.domain.election_strategies import tiny_elections
from tests.domain.pabutools_oracle import to_pabutools  # noqa: E402

# pabutools builds its LPs with PuLP calls PuLP 3 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def pabutools_maximin(election: Election) -> set[str]:
    instance, profile = to_pabutools(election)
    return {p.name for p in maximin_support(instance, profile)}


def elections():
    return tiny_elections(max_voters=8)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_same_as_pabutools_on_random_elections(election):
    outcome = tally(election, "maximin-support")
    assert set(outcome.selected) == pabutools_maximin(election)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


# pabutools builds an LP with a variable per voter and project for every project and round:
# only the smallest real files are quick.
FILES = [
    "Netherlands_Assen_2024.pb",
    "France_Toulouse_2022_11_-_Bonhoure_Guilhemery_Chateau_de_lHers_Limayrac_Cote_Pavee.pb",
]


@pytest.mark.parametrize("name", FILES)
def test_same_as_pabutools_on_real_files(name):
    election = parse(pabulib_file(name))
    outcome = tally(election, "maximin-support")
    assert set(outcome.selected) == pabutools_maximin(election)


def _brute_force(costs, weights, groups) -> Fraction:
    best = Fraction(0)
    for k in range(1, len(costs) + 1):
        for subset in itertools.combinations(range(len(costs)), k):
            voters = sum(w for w, g in zip(weights, groups, strict=True) if set(g) & set(subset))
            cost = sum((costs[j] for j in subset), Fraction(0))
            if cost > 0:
                best = max(best, cost / voters)
    return best


def test_heaviest_share_is_the_densest_set():
    rng = random.Random(3)
    for _ in range(300):
        n = rng.randint(1, 5)
        costs = [Fraction(rng.randint(0, 30), rng.choice([1, 1, 2, 3])) for _ in range(n)]
        groups = [sorted(rng.sample(range(n), rng.randint(1, n))) for _ in range(rng.randint(1, 6))]
        for j in range(n):  # every project has a voter
            if not any(j in g for g in groups):
                groups.append([j])
        weights = [rng.randint(1, 5) for _ in groups]
        member = np.array([[j in g for g in groups] for j in range(n)])
        expected = _brute_force(costs, weights, groups)
        assert heaviest_share(costs, np.array(weights), member, Fraction(0)) == expected
        # A lower bound to start from, and costs too large for 64-bit capacities.
        assert heaviest_share(costs, np.array(weights), member, expected / 2) == expected
        huge = [c * 10**15 for c in costs]
        assert heaviest_share(huge, np.array(weights), member, Fraction(0)) == expected * 10**15


def test_shares_are_rebalanced_over_earlier_projects():
    # a (6) has voters 1 and 2; b (6) has voter 2 only. With a alone each carries 3; adding b,
    # voter 1 takes all of a (6) and voter 2 all of b (6): 6. c (7), voted for by voter 3 alone,
    # would leave 7. So a then b; c (7) no longer fits in the 8 left... budget 19 leaves 7.
    projects = [Project("a", Fraction(6)), Project("b", Fraction(6)), Project("c", Fraction(7))]
    election = build_election(19, projects, [["a"], ["a", "b"], ["c"]])
    outcome = tally(election, "maximin-support")
    assert set(outcome.selected) == pabutools_maximin(election)
    assert outcome.selected == ("a", "b", "c")
    assert "no voter carries more than 6" in str(outcome.explanations["b"])


def test_a_tie_that_matters_is_reported_or_refused():
    projects = [Project("a", Fraction(6)), Project("b", Fraction(6))]
    election = build_election(6, projects, [["a"], ["b"]])
    outcome = tally(election, "maximin-support")
    assert outcome.selected == ("a",) and outcome.tie_decided
    with pytest.raises(TieUnresolved):
        tally(election, "maximin-support", tie_break="refuse")

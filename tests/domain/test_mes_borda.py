"""MES on ordinal ballots with Borda utilities (pabutools' `Additive_Borda_Sat`: on a ballot
ranking k projects, k - 1 for the first down to 0 for the last), with and without add1."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pb.domain.election import Election, Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import UnsupportedRule, tally
from pb.domain.tally.mes import build_context, equal_shares
from pb.domain.tally.mes_add1 import add1 as run_add1
from pb.domain.tally.mes_ballots import entry_utilities
from pb.domain.tally.mes_exact import run_exact
from pb.domain.tally.mes_run import run_float
from pb.domain.tally.scores import project_scores
from pb.domain.tally.tiebreak import get_tie_break
from tests.conftest import pabulib_file
from tests.domain.election_strategies import WIDE_COSTS, tiny_elections

pabutools = pytest.importorskip("pabutools")
from pabutools.election import (  # noqa: E402
    Additive_Borda_Sat,
    Instance,
    OrdinalBallot,
    OrdinalProfile,
)
from pabutools.election import Project as PabuProject  # noqa: E402
from pabutools.rules import method_of_equal_shares  # noqa: E402

ID = get_tie_break("id")


def pabutools_mes(election: Election, add1: bool = False) -> set[str]:
    projects = {p.id: PabuProject(p.id, p.cost) for p in election.projects}
    instance = Instance(projects.values(), budget_limit=election.budget)
    ballots = [
        OrdinalBallot([projects[election.projects[j].id] for j in election.profile.ballot(v)])
        for v in range(election.profile.num_voters)
    ]
    result = method_of_equal_shares(
        instance,
        OrdinalProfile(ballots, instance=instance),
        sat_class=Additive_Borda_Sat,
        voter_budget_increment=1 if add1 else None,
    )
    return {p.name for p in result}


def test_borda_utilities():
    projects = [Project(x, Fraction(1)) for x in "abcd"]
    election = build_election(
        4, projects, [["c", "a", "d"], ["b"], [], ["d", "c"]], vote_type="ordinal"
    )
    assert entry_utilities(election, "borda").tolist() == [2, 1, 0, 0, 1, 0]


def ordinal_elections(max_voters: int = 10):
    return tiny_elections("ordinal", WIDE_COSTS, max_voters=max_voters, max_budget=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ordinal_elections(), st.booleans())
def test_same_as_pabutools_on_random_elections(election, add1):
    outcome = equal_shares(election, ID, utility="borda", add1=add1)
    assert set(outcome.selected) == pabutools_mes(election, add1)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


# Small real ordinal files; pabutools' add1 takes about 2.5 s on each of the US ones.
FILES = [
    "US_Stanford_Dataset_Your_Voice_Your_Choice_Parks_and_Streets-_Seattle_2019_District_5_vote_rankings.pb",
    "US_Stanford_Dataset_PB_Chicago_47th_Ward_2020_vote_rankings.pb",
    "Worldwide_Mechanical_Turk_Ranking_value_3.pb",
]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("add1", [False, True])
def test_same_as_pabutools_on_real_files(name, add1):
    election = parse(pabulib_file(name))
    assert election.vote_type == "ordinal"
    rule = "equalshares/borda" + ("/add1" if add1 else "")
    outcome = tally(election, rule)
    assert set(outcome.selected) == pabutools_mes(election, add1)
    assert outcome.rule == rule
    assert outcome.spent <= election.budget


def test_rank_changes_the_outcome():
    # "a" and "b" cost the same; two voters rank a > b > c, one ranks b > c. Counted as
    # approvals b has more supporters (share 2 against 3) and is bought first; with Borda
    # utilities a is worth 2 to each of its supporters and b 1 to each of its (rho 1.5 vs 2).
    projects = [Project("a", Fraction(6)), Project("b", Fraction(6)), Project("c", Fraction(1))]
    ballots = [["a", "b", "c"], ["a", "b", "c"], ["b", "c"]]
    election = build_election(12, projects, ballots, vote_type="ordinal")
    outcome = equal_shares(election, ID, utility="borda")
    assert set(outcome.selected) == pabutools_mes(election)
    assert outcome.selected[0] == "a"
    assert equal_shares(election, ID).selected[0] == "b"


def _context(election: Election):
    return build_context(election, ID.rank(election, project_scores(election)), "borda")


def _random_election(rng: random.Random) -> Election:
    num_projects = rng.randint(3, 6)
    projects = [Project(f"p{i}", Fraction(rng.randint(50, 1200))) for i in range(num_projects)]
    ids = [p.id for p in projects]
    ballots = [rng.sample(ids, rng.randint(2, num_projects)) for _ in range(rng.randint(2, 40))]
    costs = [int(p.cost) for p in projects]
    return build_election(
        rng.randint(max(costs) // 2 + 1, sum(costs)), projects, ballots, vote_type="ordinal"
    )


def test_add1_search_and_float_runs_equal_plain_exact_runs():
    rng = random.Random(5)
    for _ in range(60):
        election = _random_election(rng)
        ctx = _context(election)
        b0 = election.budget / election.profile.num_voters
        fast = run_float(ctx, b0)
        if not fast.uncertain:
            assert fast.sequence == run_exact(ctx, b0).sequence
        found = run_add1(ctx, b0, election.budget, Fraction(0)).run
        prev, k = None, 0
        while True:
            chosen = run_exact(ctx, b0 + k).sequence
            spent = sum((ctx.cost_q[j] for j in chosen), Fraction(0))
            if spent > election.budget:
                expected = prev
                break
            if all(j in chosen or spent + ctx.cost_q[j] > election.budget for j in ctx.candidates):
                expected = chosen
                break
            prev, k = chosen, k + 1
        assert (None if found is None else found.sequence) == expected


def test_offered_for_ordinal_ballots_only():
    election = build_election(10, [Project("a", Fraction(5))], [["a"]])
    with pytest.raises(UnsupportedRule, match="does not apply to approval"):
        tally(election, "equalshares/borda")

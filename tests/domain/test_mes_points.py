"""MES on cumulative and scoring ballots with the points as utilities (pabutools'
`Additive_Cardinal_Sat`), with and without add1: against pabutools, and its float runs, exact
runs and add1 search against each other."""

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
from pb.domain.tally.mes_add1 import evaluate
from pb.domain.tally.mes_exact import run_exact
from pb.domain.tally.mes_run import run_float
from pb.domain.tally.scores import project_scores
from pb.domain.tally.tiebreak import get_tie_break
from tests.conftest import pabulib_file
from tests.domain.election_strategies import WIDE_COSTS, tiny_elections
from tests.domain.test_mes import python_kernel

pabutools = pytest.importorskip("pabutools")
from pabutools.election import (  # noqa: E402
    Additive_Cardinal_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
)
from pabutools.election import Project as PabuProject  # noqa: E402
from pabutools.rules import method_of_equal_shares  # noqa: E402

ID = get_tie_break("id")


def pabutools_mes(election: Election, add1: bool = False) -> set[str]:
    projects = {p.id: PabuProject(p.id, p.cost) for p in election.projects}
    instance = Instance(projects.values(), budget_limit=election.budget)
    prof = election.profile
    ballots = []
    for v in range(prof.num_voters):
        lo, hi = prof.offsets[v], prof.offsets[v + 1]
        ballots.append(
            CumulativeBallot(
                {
                    projects[election.projects[int(j)].id]: int(x)
                    for j, x in zip(prof.items[lo:hi], prof.points[lo:hi], strict=True)
                }
            )
        )
    result = method_of_equal_shares(
        instance,
        CumulativeProfile(ballots, instance=instance),
        sat_class=Additive_Cardinal_Sat,
        voter_budget_increment=1 if add1 else None,
    )
    return {p.name for p in result}


def point_elections(max_voters: int = 9):
    return tiny_elections("cumulative", WIDE_COSTS, max_voters=max_voters, max_budget=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point_elections(), st.booleans())
def test_same_as_pabutools_on_random_elections(election, add1):
    outcome = equal_shares(election, ID, utility="points", add1=add1)
    assert set(outcome.selected) == pabutools_mes(election, add1)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


# Small real cumulative files (pabutools takes well under a second on each).
FILES = [
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Poland_Czestochowa_2020_Mirow.pb",
    "Poland_Gdansk_2020_Wzgorze_Mickiewicza.pb",
]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("add1", [False, True])
def test_same_as_pabutools_on_real_files(name, add1):
    election = parse(pabulib_file(name))
    assert election.vote_type == "cumulative"
    rule = "equalshares/points" + ("/add1" if add1 else "")
    outcome = tally(election, rule)
    assert set(outcome.selected) == pabutools_mes(election, add1)
    assert outcome.rule == rule
    assert outcome.spent <= election.budget


def test_points_change_the_outcome():
    # One voter gives all 5 points to "a", two others 1 point each to "b"; each can be paid
    # for by its supporters alone. With points as utility "a" is cheaper per point (10 / 5
    # against 10 / 2), so it is bought first and the money left buys nothing else; counted as
    # approvals, "b" (two supporters) comes first.
    projects = [Project("a", Fraction(10)), Project("b", Fraction(10))]
    ballots = [["a"], ["b"], ["b"], ["a", "b"]]
    points = [[5], [1], [1], [5, 1]]
    election = build_election(20, projects, ballots, vote_type="cumulative", points=points)
    by_points = equal_shares(election, ID, utility="points")
    assert set(by_points.selected) == pabutools_mes(election)
    assert by_points.selected[0] == "a"
    assert equal_shares(election, ID).selected[0] == "b"


def _context(election: Election):
    return build_context(election, ID.rank(election, project_scores(election)), "points")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point_elections(max_voters=14), st.integers(0, 30))
def test_a_float_run_that_is_sure_equals_the_exact_run(election, extra):
    if election.profile.num_voters == 0:
        return
    ctx = _context(election)
    b = election.budget / election.profile.num_voters + extra
    exact = run_exact(ctx, b)
    fast = run_float(ctx, b)
    if not fast.uncertain:
        assert fast.sequence == exact.sequence
        assert not exact.ties


def _random_election(rng: random.Random) -> Election:
    num_projects = rng.randint(3, 6)
    projects = [Project(f"p{i}", Fraction(rng.randint(50, 1200))) for i in range(num_projects)]
    ids = [p.id for p in projects]
    ballots = [rng.sample(ids, rng.randint(1, num_projects)) for _ in range(rng.randint(2, 40))]
    points = [[rng.randint(1, 6) for _ in b] for b in ballots]
    costs = [int(p.cost) for p in projects]
    budget = rng.randint(max(costs) // 2 + 1, sum(costs))
    return build_election(budget, projects, ballots, vote_type="cumulative", points=points)


def test_add1_search_equals_a_plain_run_at_every_increment():
    rng = random.Random(11)
    for _ in range(60):
        election = _random_election(rng)
        ctx = _context(election)
        b0 = election.budget / election.profile.num_voters
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
        assert evaluate(ctx, b0).sequence == run_exact(ctx, b0).sequence


def test_offered_for_cumulative_and_scoring_ballots_only():
    election = build_election(10, [Project("a", Fraction(5))], [["a"]])
    with pytest.raises(UnsupportedRule, match="does not apply to approval"):
        tally(election, "equalshares/points")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point_elections(max_voters=14), st.integers(0, 10))
def test_compiled_kernel_equals_its_python_source(election, extra):
    if election.profile.num_voters == 0:
        return
    ctx = _context(election)
    b = election.budget / election.profile.num_voters + extra
    base = run_float(ctx, b)
    compiled = run_float(ctx, b + 2, reference=base)
    with python_kernel():
        interpreted = run_float(ctx, b + 2, reference=base)
    assert interpreted.sequence == compiled.sequence
    assert (interpreted.uncertain, interpreted.certified) == (
        compiled.uncertain,
        compiled.certified,
    )

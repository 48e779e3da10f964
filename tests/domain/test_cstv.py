"""Cumulative Support Transfer Voting (`cstv/ewt`, `cstv/ewtc`) against pabutools' `cstv`.

pabutools takes points as money and needs every ballot to give the same total, naming every
project; pb gives each ballot an equal share of the budget. The oracle feeds pabutools ballots
scaled that way. pabutools picks the project to eliminate among ties, and the order in which
eliminated projects are reconsidered, by iterating a set of projects, which Python orders by
string hash, differently in each process. The oracle pins those two choices to pb's (the tie
loser by the tie-break, the last eliminated first) by replacing the two pabutools functions
with copies that differ only there.
"""

from __future__ import annotations

import importlib
from fractions import Fraction
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, assume, given, settings

from pb.domain.election import Election, Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import tally
from pb.domain.tally.tiebreak import TieUnresolved
from tests.conftest import SLOW, pabulib_file, pabulib_files
from tests.domain.election_strategies import tiny_elections

pytest.importorskip("pabutools")
# pabutools.rules exports the function `cstv`, which hides the module of the same name.
pabu_cstv = importlib.import_module("pabutools.rules.cstv")
from pabutools.election import (  # noqa: E402
    CumulativeBallot,
    CumulativeProfile,
    Instance,
)
from pabutools.election import Project as PabuProject  # noqa: E402
from pabutools.fractions import frac  # noqa: E402


def _pinned(order: list):
    """pabutools' elimination_with_transfers and reverse_eliminations, with the set order
    replaced by pb's: `order` records the eliminations."""

    def eliminate(projects, donors, eliminated, select, tie_breaking):
        if len(projects) < 2:
            if len(projects) == 1:
                last = projects.pop()
                eliminated.add(last)
                order.append(last)
            return False
        # min() keeps the first of equals: go from the name ranked last.
        candidates = sorted(projects, key=lambda p: p.name, reverse=True)
        worst = min(candidates, key=lambda p: sum(d.get(p.name, 0) for d in donors) - p.cost)
        for donor in donors:
            give = donor[worst]
            total = sum(donor.values()) - give
            if total == 0:
                continue
            for key, donation in donor.items():
                if key != worst:
                    donor[key] = donation + give * frac(donation, total)
            donor[worst] = 0
        projects.remove(worst)
        eliminated.add(worst)
        order.append(worst)
        return True

    def reverse(selected, donors, eliminated, select, budget, tie_breaking):
        for project in reversed(order):
            if project.cost <= budget:
                selected.append(project)
                budget -= project.cost

    return eliminate, reverse


def pabutools_cstv(election: Election, combination: str) -> set[str]:
    projects = [
        PabuProject(p.id, frac(p.cost.numerator, p.cost.denominator)) for p in election.projects
    ]
    instance = Instance(
        projects, budget_limit=frac(election.budget.numerator, election.budget.denominator)
    )
    prof = election.profile
    ballots = []
    for v in range(prof.num_voters):
        lo, hi = prof.offsets[v], prof.offsets[v + 1]
        points = dict(zip(prof.items[lo:hi].tolist(), prof.points[lo:hi].tolist(), strict=True))
        if sum(points.values()) > 0:
            ballots.append(points)
    share = election.budget / len(ballots) if ballots else Fraction(0)
    profile = CumulativeProfile(
        [
            CumulativeBallot(
                {
                    p: frac(*_pair(share * points.get(j, 0) / sum(points.values())))
                    for j, p in enumerate(projects)
                }
            )
            for points in ballots
        ],
        instance=instance,
    )
    order: list = []
    eliminate, reverse = _pinned(order)
    kind = {"ewt": pabu_cstv.CSTV_Combination.EWT, "ewtc": pabu_cstv.CSTV_Combination.EWTC}
    with (
        patch.object(pabu_cstv, "elimination_with_transfers", eliminate),
        patch.object(pabu_cstv, "reverse_eliminations", reverse),
    ):
        return {p.name for p in pabu_cstv.cstv(instance, profile, kind[combination])}


def _pair(x: Fraction) -> tuple[int, int]:
    return x.numerator, x.denominator


def donor_elections(min_cost: int = 0):
    costs = tuple(c for c in (0, 1, 2, 3, 5, 8, 13, 20) if c >= min_cost)
    return tiny_elections("cumulative", costs, max_voters=8, max_budget=40)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(donor_elections())
def test_ewt_same_as_pabutools(election):
    # pabutools refuses an election where nobody gives points (no donor, no common total).
    assume(int(election.profile.points.sum()) > 0)
    check(election, "ewt")


# pabutools' EWTC divides by the cost: it fails on projects costing 0.
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(donor_elections(min_cost=1))
def test_ewtc_same_as_pabutools(election):
    assume(int(election.profile.points.sum()) > 0)
    check(election, "ewtc")


def check(election: Election, combination: str) -> None:
    outcome = tally(election, f"cstv/{combination}")
    assert set(outcome.selected) == pabutools_cstv(election, combination)
    assert outcome.rule == f"cstv/{combination}"
    assert set(outcome.explanations) == {p.id for p in election.projects}


@pytest.mark.parametrize("combination", ["ewt", "ewtc"])
@pytest.mark.parametrize(
    "name", ["Poland_Czestochowa_2020_Grabowka.pb", "Poland_Gdansk_2020_Wzgorze_Mickiewicza.pb"]
)
def test_same_as_pabutools_on_real_files(name, combination):
    check(parse(pabulib_file(name)), combination)


def test_excess_goes_to_the_donors_other_projects():
    # Budget 30, two donors with 15 each. Donor 1 gives 10 to a and 5 to b; donor 2 all 15 to
    # a. a (20) has 25: funded, excess 5 = 1/5 of what it got; donor 1 gets 2 back onto b
    # (now 7), donor 2 has no other project and loses 3. b (8) then lacks 1 and is eliminated;
    # at the end the donors hold 7 and b does not fit.
    projects = [Project("a", Fraction(20)), Project("b", Fraction(8))]
    election = build_election(
        30, projects, [["a", "b"], ["a"]], vote_type="cumulative", points=[[2, 1], [1]]
    )
    outcome = tally(election, "cstv/ewt")
    assert outcome.selected == ("a",)
    assert "the 5 more went back to its donors" in str(outcome.explanations["a"])
    assert "more than the 7 the donors still held" in str(outcome.explanations["b"])


def _small_cumulative_files(limit_bytes: int) -> list:
    out = []
    for path in pabulib_files():
        if path.stat().st_size > limit_bytes:
            continue
        with open(path, encoding="utf-8") as f:
            head = f.read(3000)
        if "vote_type;cumulative" in head:
            out.append(path)
    return out


@pytest.mark.skipif(not SLOW, reason="sweep over ../shared/pabulib (PB_SLOW=1)")
@pytest.mark.parametrize("combination", ["ewt", "ewtc"])
def test_same_as_pabutools_on_all_small_cumulative_files(combination):
    # Files up to 60 kB: a few minutes on a loaded 2-core machine (EWT passed up to 150 kB).
    files = _small_cumulative_files(60_000)
    assert files or not pabulib_files()
    for path in files:
        election = parse(path)
        if combination == "ewtc" and any(p.cost == 0 for p in election.projects):
            continue  # pabutools divides by the cost
        outcome = tally(election, f"cstv/{combination}")
        assert set(outcome.selected) == pabutools_cstv(election, combination), path.name


def test_a_tie_is_reported_and_refuse_refuses_it():
    # a and b cost the same and get the same donations, 5 each: neither is covered, so the
    # tie-break picks the one to eliminate (b, ranked last) and its 5 move to a.
    projects = [Project("a", Fraction(10)), Project("b", Fraction(10))]
    election = build_election(
        10, projects, [["a", "b"], ["a", "b"]], vote_type="cumulative", points=[[1, 1], [1, 1]]
    )
    outcome = tally(election, "cstv/ewt")
    assert outcome.selected == ("a",) and outcome.tie_decided
    assert str(outcome.ties[0]).startswith("Projects a, b were tied to be eliminated")
    with pytest.raises(TieUnresolved):
        tally(election, "cstv/ewt", tie_break="refuse")

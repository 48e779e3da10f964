"""MES completed by greedy (`equalshares/greedy`, `equalshares/add1/greedy` and the same for
points, Borda, cost-sqrt and cost-log utilities) against pabutools'
`completion_by_rule_combination` of `method_of_equal_shares` and `greedy_utilitarian_welfare`
with the same satisfaction class, on small real files and hypothesis elections."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pb.domain.election import Election, Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import tally
from tests.conftest import pabulib_file

pytest.importorskip("pabutools")
from pabutools.election import (  # noqa: E402
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    Cost_Log_Sat,
    Cost_Sat,
    Cost_Sqrt_Sat,
)
from pabutools.rules import (  # noqa: E402
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from tests.domain.election_strategies import tiny_elections
from tests.domain.pabutools_oracle import to_pabutools  # noqa: E402
from tests.domain.test_mes_borda import ordinal_elections  # noqa: E402
from tests.domain.test_mes_points import point_elections  # noqa: E402

SAT = {
    "cost": Cost_Sat,
    "points": Additive_Cardinal_Sat,
    "borda": Additive_Borda_Sat,
    "cost-sqrt": Cost_Sqrt_Sat,
    "cost-log": Cost_Log_Sat,
}


def pabutools_completed(election: Election, add1: bool, utility: str = "cost") -> set[str]:
    instance, profile = to_pabutools(election)
    mes = {"sat_class": SAT[utility]}
    if add1:
        mes["voter_budget_increment"] = 1
    result = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [mes, {"sat_class": SAT[utility]}],
    )
    return {p.name for p in result}


def rule_name(utility: str, add1: bool) -> str:
    base = "equalshares" if utility == "cost" else f"equalshares/{utility}"
    return base + ("/add1" if add1 else "") + "/greedy"


# Small real approval files where MES leaves money that greedy can still use.
FILES = ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"]


# pabutools' add1 on Swiecie alone takes 30 to 85 s: add1 is compared on Assen only here.
@pytest.mark.parametrize(("name", "add1"), [(FILES[0], False), (FILES[1], False), (FILES[0], True)])
def test_same_as_pabutools_on_real_files(name, add1):
    election = parse(pabulib_file(name))
    rule = "equalshares/add1/greedy" if add1 else "equalshares/greedy"
    outcome = tally(election, rule)
    assert outcome.rule == rule
    assert set(outcome.selected) == pabutools_completed(election, add1)
    assert outcome.spent <= election.budget


def elections():
    return tiny_elections(min_voters=1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.booleans())
def test_same_as_pabutools_on_random_elections(election, add1):
    outcome = tally(election, "equalshares/add1/greedy" if add1 else "equalshares/greedy")
    assert set(outcome.selected) == pabutools_completed(election, add1)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


def test_greedy_fills_what_mes_leaves_and_says_so():
    # MES: x's 3 supporters pay 13.33 each of their 15; y (30) then has 16.67 behind it and z
    # (10) only voter 2's 1.67, so MES stops with 20 left. Greedy: y (2 votes) does not fit in
    # 20, z (1 vote) does.
    projects = [Project("x", Fraction(40)), Project("y", Fraction(30)), Project("z", Fraction(10))]
    election = build_election(60, projects, [["x"], ["x", "y", "z"], ["y"], ["x"]])
    outcome = tally(election, "equalshares/greedy")
    assert outcome.selected == ("x", "z")
    assert str(outcome.explanations["z"]).startswith(
        "Funded after the Method of Equal Shares, with the money it left, by votes"
    )
    assert "more than the 20 left" in str(outcome.explanations["y"])
    assert tally(election, "equalshares").selected == ("x",)


# Small real files of each ballot kind where MES leaves money that greedy can still use
# (pabutools' add1 takes a few seconds on each).
KIND_FILES = [
    ("cost-sqrt", "Netherlands_Assen_2024.pb"),
    ("cost-log", "Netherlands_Assen_2024.pb"),
    ("cost-sqrt", "Poland_Swiecie_2023.pb"),
    ("cost-log", "Poland_Swiecie_2023.pb"),
    ("points", "Poland_Czestochowa_2020_Grabowka.pb"),
    ("points", "Poland_Gdansk_2020_Wzgorze_Mickiewicza.pb"),
    ("borda", "Poland_Krakow_2018_Mistrzejowice.pb"),
    ("borda", "US_Stanford_Dataset_PB_Chicago_47th_Ward_2020_vote_rankings.pb"),
]


@pytest.mark.parametrize(("utility", "name"), KIND_FILES)
def test_other_utilities_same_as_pabutools_on_real_files(utility, name):
    election = parse(pabulib_file(name))
    rule = rule_name(utility, False)
    outcome = tally(election, rule)
    assert outcome.rule == rule
    assert set(outcome.selected) == pabutools_completed(election, False, utility)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.booleans(), st.sampled_from(["cost-sqrt", "cost-log"]))
def test_concave_utilities_same_as_pabutools_on_random_elections(election, add1, utility):
    outcome = tally(election, rule_name(utility, add1))
    assert set(outcome.selected) == pabutools_completed(election, add1, utility)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point_elections(), st.booleans())
def test_points_same_as_pabutools_on_random_elections(election, add1):
    outcome = tally(election, rule_name("points", add1))
    assert set(outcome.selected) == pabutools_completed(election, add1, "points")
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ordinal_elections(), st.booleans())
def test_borda_same_as_pabutools_on_random_elections(election, add1):
    outcome = tally(election, rule_name("borda", add1))
    assert set(outcome.selected) == pabutools_completed(election, add1, "borda")
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


def test_concave_greedy_weighs_what_voters_already_have():
    # Each voter gets 10. MES funds x (voters 1-3 pay 6 each) and nothing else: y's supporters
    # have 8 left, z's 10. Greedy has 22, enough for y or z: y's 2 supporters already have x
    # (18), so y adds 2 x (sqrt(39) - sqrt(18)) = 4.00, 0.19 per unit of cost; z's supporter
    # has nothing, so z adds sqrt(11) = 3.32, 0.30 per unit. z goes first and y (21) no longer
    # fits in the 11 left. Greedy by votes (equalshares/greedy) takes y.
    projects = [Project("x", Fraction(18)), Project("y", Fraction(21)), Project("z", Fraction(11))]
    ballots = [["x", "y"], ["x", "y"], ["x"], ["z"]]
    election = build_election(40, projects, ballots)
    outcome = tally(election, "equalshares/cost-sqrt/greedy")
    assert set(outcome.selected) == pabutools_completed(election, False, "cost-sqrt")
    assert outcome.selected == ("x", "z")
    assert "square root" in str(outcome.explanations["z"])
    assert "more than the 11 left by then" in str(outcome.explanations["y"])
    assert tally(election, "equalshares/greedy").selected == ("x", "y")

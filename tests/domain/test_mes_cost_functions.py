"""MES with the square root or the logarithm of a project's cost as its supporters' utility
(pabutools' `Cost_Sqrt_Sat`, `Cost_Log_Sat`), with and without add1, against pabutools."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pb.domain.election import Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import UnsupportedRule, tally
from pb.domain.tally.mes import equal_shares
from pb.domain.tally.mes_ballots import utilities
from pb.domain.tally.tiebreak import get_tie_break
from tests.conftest import pabulib_file
from tests.domain.test_mes import elections, pabutools_mes, wide_money_elections

pabutools = pytest.importorskip("pabutools")
from pabutools.election import Cost_Log_Sat, Cost_Sqrt_Sat  # noqa: E402

ID = get_tie_break("id")
SAT = {"cost-sqrt": Cost_Sqrt_Sat, "cost-log": Cost_Log_Sat}
VARIANTS = [(u, add1) for u in SAT for add1 in (False, True)]


def test_utilities_are_pabutools_floats_taken_exactly():
    costs = [0, 1, 2, 3, 10, 999_999_999_999_800, 10**17 + 3]
    election = build_election(1, [Project(f"p{c}", Fraction(c)) for c in costs], [])
    assert utilities(election, "cost-sqrt") == [Fraction(float(np.sqrt(float(c)))) for c in costs]
    assert utilities(election, "cost-log") == [Fraction(float(np.log(1.0 + c))) for c in costs]
    assert utilities(election, "cost-sqrt")[1] == 1 and utilities(election, "cost-log")[0] == 0


# Small real approval files on which pabutools' add1 takes a few seconds at most.
FILES = [
    "Netherlands_Assen_2024.pb",
    "Poland_Warszawa_2026_Mlociny_Wolka_Weglowa_Placowka_Radiowo_Huta.pb",
]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize(("utility", "add1"), VARIANTS)
def test_same_as_pabutools_on_real_files(name, utility, add1):
    election = parse(pabulib_file(name))
    outcome = tally(election, f"equalshares/{utility}" + ("/add1" if add1 else ""))
    assert set(outcome.selected) == pabutools_mes(election, utility, add1)
    assert outcome.spent <= election.budget
    assert outcome.rule == f"equalshares/{utility}" + ("/add1" if add1 else "")


def test_the_utility_changes_the_outcome_on_a_real_file():
    # Otherwise the comparisons above could pass with the cost utility by mistake.
    election = parse(pabulib_file("Netherlands_Assen_2024.pb"))
    by = {u: set(equal_shares(election, ID, utility=u).selected) for u in ("cost", "cost-sqrt")}
    assert by["cost"] != by["cost-sqrt"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from(VARIANTS))
def test_same_as_pabutools_on_random_elections(election, variant):
    utility, add1 = variant
    outcome = equal_shares(election, ID, utility=utility, add1=add1)
    assert set(outcome.selected) == pabutools_mes(election, utility, add1)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_money_elections(), st.sampled_from(list(SAT)))
def test_same_as_pabutools_when_cheap_and_huge_costs_mix(election, utility):
    outcome = equal_shares(election, ID, utility=utility)
    assert set(outcome.selected) == pabutools_mes(election, utility)


@pytest.mark.parametrize(("utility", "add1"), VARIANTS)
def test_a_free_project_is_worth_nothing_and_not_funded(utility, add1):
    projects = [Project("A", Fraction(0)), Project("B", Fraction(10))]
    election = build_election(10, projects, [["A", "B"]])
    outcome = equal_shares(election, ID, utility=utility, add1=add1)
    assert set(outcome.selected) == {"B"} == pabutools_mes(election, utility, add1)
    assert "no gain" in str(outcome.explanations["A"])


def test_offered_for_approval_ballots_only():
    election = build_election(10, [Project("a", Fraction(5))], [["a"]], vote_type="ordinal")
    with pytest.raises(UnsupportedRule, match="does not apply to ordinal"):
        tally(election, "equalshares/cost-log")

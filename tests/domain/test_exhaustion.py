"""Rules rerun with a growing budget (`.../budget-increase`) against pabutools'
`exhaustion_by_budget_increase` with its default step (1% of the budget) and bound, on small
real files and hypothesis elections of every ballot kind they apply to."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pb.domain.election import Election, Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import tally
from pb.domain.tally.exhaustion import exhaust
from pb.domain.tally.mes import equal_shares
from pb.domain.tally.tiebreak import get_tie_break
from tests.conftest import pabulib_file

pytest.importorskip("pabutools")
from pabutools.election import (  # noqa: E402
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    Cardinality_Sat,
    Cost_Log_Sat,
    Cost_Sat,
    Cost_Sqrt_Sat,
)
from pabutools.rules import (  # noqa: E402
    exhaustion_by_budget_increase,
    method_of_equal_shares,
    sequential_phragmen,
)

from tests.domain.pabutools_oracle import to_pabutools  # noqa: E402
from tests.domain.test_mes_borda import ordinal_elections  # noqa: E402
from tests.domain.test_mes_completion import elections  # noqa: E402
from tests.domain.test_mes_points import point_elections  # noqa: E402

# pb's rule -> (pabutools rule, its parameters)
PABUTOOLS = {
    "equalshares": (method_of_equal_shares, {"sat_class": Cost_Sat}),
    "equalshares/cardinality": (method_of_equal_shares, {"sat_class": Cardinality_Sat}),
    "equalshares/cost-sqrt": (method_of_equal_shares, {"sat_class": Cost_Sqrt_Sat}),
    "equalshares/cost-log": (method_of_equal_shares, {"sat_class": Cost_Log_Sat}),
    "equalshares/points": (method_of_equal_shares, {"sat_class": Additive_Cardinal_Sat}),
    "equalshares/borda": (method_of_equal_shares, {"sat_class": Additive_Borda_Sat}),
    "phragmen": (sequential_phragmen, {}),
}
APPROVAL_RULES = [
    "equalshares",
    "equalshares/cardinality",
    "equalshares/cost-sqrt",
    "equalshares/cost-log",
    "phragmen",
]


def pabutools_exhausted(election: Election, base: str) -> set[str]:
    instance, profile = to_pabutools(election)
    rule, params = PABUTOOLS[base]
    return {p.name for p in exhaustion_by_budget_increase(instance, profile, rule, dict(params))}


def check(election: Election, base: str) -> None:
    outcome = tally(election, f"{base}/budget-increase")
    assert set(outcome.selected) == pabutools_exhausted(election, base)
    assert outcome.rule == f"{base}/budget-increase"
    assert outcome.budget == election.budget
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from(APPROVAL_RULES))
def test_approval_rules_same_as_pabutools(election, base):
    check(election, base)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point_elections())
def test_points_same_as_pabutools(election):
    check(election, "equalshares/points")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ordinal_elections())
def test_borda_same_as_pabutools(election):
    check(election, "equalshares/borda")


@pytest.mark.parametrize(
    ("base", "name"),
    [
        ("equalshares", "Netherlands_Assen_2024.pb"),
        ("equalshares/cost-sqrt", "Netherlands_Assen_2024.pb"),
        ("phragmen", "Netherlands_Assen_2024.pb"),
        ("phragmen", "Poland_Swiecie_2023.pb"),
        ("equalshares/points", "Poland_Czestochowa_2020_Grabowka.pb"),
        ("equalshares/borda", "Worldwide_Mechanical_Turk_Ranking_value_3.pb"),
    ],
)
def test_same_as_pabutools_on_real_files(base, name):
    check(parse(pabulib_file(name)), base)


def test_the_last_raise_that_fits_is_kept_and_explained():
    # Budget 100, two voters with 50 each. MES funds a (60, both) at any budget; b (45, voter
    # 1) needs voter 1 to have 75 (30 for a + 45): at 150 (+50%) a and b cost 105 > 100. c
    # (5) has no voter: it always fits, so the raises never stop for want of room, and the
    # outcome at +49% (a alone) is kept.
    projects = [Project("a", Fraction(60)), Project("b", Fraction(45)), Project("c", Fraction(5))]
    election = build_election(100, projects, [["a", "b"], ["a"]])
    outcome = tally(election, "equalshares/budget-increase")
    assert set(outcome.selected) == pabutools_exhausted(election, "equalshares")
    assert outcome.selected == ("a",)
    assert "as if the budget were 149, 49% more" in str(outcome.explanations["a"])
    assert "one more step would fund more than the real budget" in str(outcome.explanations["b"])
    # Without c, a alone already leaves too little for b: the first run is kept as it is.
    plain = build_election(100, projects[:2], [["a", "b"], ["a"]])
    assert str(tally(plain, "equalshares/budget-increase").explanations["a"]) == str(
        tally(plain, "equalshares").explanations["a"]
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from(["cost", "cardinality", "cost-sqrt"]))
def test_mes_search_equals_rerunning_mes_at_every_step(election, utility):
    # MES's raises are searched with add1's certificates; the plain loop reruns MES each step.
    base = "equalshares" if utility == "cost" else f"equalshares/{utility}"
    fast = tally(election, f"{base}/budget-increase")

    def mes(e, tie_break, **options):
        return equal_shares(e, tie_break, utility=utility)

    slow = exhaust(mes, f"{base}/budget-increase", election, get_tie_break("id"))
    assert fast.selected == slow.selected
    # Both end with the same note on the raise; the fast path's first words also say why the
    # equal share is more than budget / voters (the rerun only sees a bigger budget).
    for pid, text in slow.explanations.items():
        note = str(text)[str(text).rfind(" (") :]
        assert str(fast.explanations[pid]).endswith(note)


def test_mes_search_equals_rerunning_mes_on_a_district_file():
    election = parse(pabulib_file("Poland_Warszawa_2026_Boernerowo_Lotnisko_Fort_Radiowo_Groty.pb"))

    def mes(e, tie_break, **options):
        return equal_shares(e, tie_break)

    slow = exhaust(mes, "equalshares/budget-increase", election, get_tie_break("id"))
    assert tally(election, "equalshares/budget-increase").selected == slow.selected

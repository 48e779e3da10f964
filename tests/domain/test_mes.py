"""The Method of Equal Shares against pabutools (exact rationals, the reference) and the official
MES outcomes of Assen 2024 and Świecie 2023."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pb.domain.election import Election, Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally.mes import equal_shares
from pb.domain.tally.tiebreak import TieUnresolved, get_tie_break
from tests.conftest import SLOW, pabulib_file, pabulib_files

pabutools = pytest.importorskip("pabutools")
from pabutools.election import (  # noqa: E402
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    Instance,
)
from pabutools.election import Project as PabuProject  # noqa: E402
from pabutools.rules import method_of_equal_shares  # noqa: E402

ID = get_tie_break("id")


def pabutools_mes(election: Election, utility: str = "cost", add1: bool = False) -> set[str]:
    """pabutools on the same election (its default tie-break is by id, as `ID`)."""
    projects = {p.id: PabuProject(p.id, p.cost) for p in election.projects}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [
            ApprovalBallot(projects[election.projects[i].id] for i in election.profile.ballot(v))
            for v in range(election.profile.num_voters)
        ]
    )
    result = method_of_equal_shares(
        instance,
        profile,
        sat_class=Cost_Sat if utility == "cost" else Cardinality_Sat,
        voter_budget_increment=1 if add1 else None,
    )
    return {p.name for p in result}


VARIANTS = [("cost", False), ("cardinality", False), ("cost", True)]


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
def test_official_mes_outcomes(name):
    election = parse(pabulib_file(name))
    outcome = equal_shares(election, ID, add1=True)
    assert set(outcome.selected) == election.official_selected()
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


# Small real approval files pabutools handles in a few seconds in all, every variant.
QUICK_FILES = [
    "Netherlands_Assen_2024.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Warszawa_2026_Mlociny_Wolka_Weglowa_Placowka_Radiowo_Huta.pb",
    "Poland_Warszawa_2026_Boernerowo_Lotnisko_Fort_Radiowo_Groty.pb",
]


@pytest.mark.parametrize("name", QUICK_FILES)
@pytest.mark.parametrize(("utility", "add1"), VARIANTS)
def test_same_as_pabutools_on_real_files(name, utility, add1):
    election = parse(pabulib_file(name))
    outcome = equal_shares(election, ID, utility=utility, add1=add1)
    assert set(outcome.selected) == pabutools_mes(election, utility, add1)
    assert outcome.spent <= election.budget


def _small_approval_files(limit_bytes: int) -> list:
    out = []
    for path in pabulib_files():
        if path.stat().st_size > limit_bytes:
            continue
        with open(path, encoding="utf-8") as f:
            head = f.read(3000)
        if "vote_type;approval" in head:
            out.append(path)
    return out


@pytest.mark.skipif(not SLOW, reason="sweep over ../shared/pabulib (PB_SLOW=1)")
@pytest.mark.parametrize(("utility", "add1"), VARIANTS)
def test_same_as_pabutools_on_all_small_approval_files(utility, add1):
    # pabutools' add1 reruns MES hundreds of times; files up to 40 kB keep this sweep to a few
    # minutes per variant.
    files = _small_approval_files(40_000 if add1 else 120_000)
    assert files or not pabulib_files()
    for path in files:
        election = parse(path)
        outcome = equal_shares(election, ID, utility=utility, add1=add1)
        assert set(outcome.selected) == pabutools_mes(election, utility, add1), path.name


@st.composite
def elections(draw) -> Election:
    num_projects = draw(st.integers(1, 6))
    # Few distinct costs and small electorates make exact ties common.
    costs = draw(
        st.lists(st.sampled_from([1, 2, 3, 4, 6, 10]), min_size=num_projects, max_size=num_projects)
    )
    projects = [
        Project(str(10 - i) if i % 2 else f"p{i}", Fraction(c)) for i, c in enumerate(costs)
    ]
    ids = [p.id for p in projects]
    ballots = draw(
        st.lists(
            st.lists(st.sampled_from(ids), unique=True, max_size=num_projects),
            min_size=0,
            max_size=9,
        )
    )
    budget = draw(st.integers(1, 20))
    return build_election(budget, projects, ballots)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from(VARIANTS))
def test_same_as_pabutools_on_random_elections(election, variant):
    utility, add1 = variant
    outcome = equal_shares(election, ID, utility=utility, add1=add1)
    assert set(outcome.selected) == pabutools_mes(election, utility, add1)
    assert outcome.spent <= election.budget
    assert set(outcome.explanations) == {p.id for p in election.projects}


def _tied_election() -> Election:
    # Two projects with the same cost and the same supporters, whose money buys only one.
    projects = [Project("a", Fraction(6)), Project("b", Fraction(6))]
    return build_election(6, projects, [["a", "b"], ["a", "b"]])


def test_tie_is_recorded_and_refuse_raises():
    outcome = equal_shares(_tied_election(), ID)
    assert outcome.selected == ("a",)
    assert outcome.tie_decided
    assert "a, b" in outcome.ties[0]
    with pytest.raises(TieUnresolved):
        equal_shares(_tied_election(), get_tie_break("refuse"))


def test_explanations_name_the_round_and_the_money():
    projects = [Project("x", Fraction(40)), Project("y", Fraction(30)), Project("z", Fraction(5))]
    election = build_election(60, projects, [["x"], ["x", "y"], ["y"], ["x"]])
    outcome = equal_shares(election, ID)
    assert outcome.selected == ("x",)
    assert outcome.explanations["x"] == "Funded in round 1: 3 supporters paid about 13.33 each."
    assert outcome.explanations["y"].startswith("Not funded: its 2 supporters had only")
    assert outcome.explanations["z"] == "Not funded: no voter supported it."


def test_cumulative_ballots_support_every_project_they_name():
    projects = [Project("a", Fraction(5)), Project("b", Fraction(5))]
    election = build_election(
        20, projects, [["a", "b"], ["a"]], vote_type="cumulative", points=[[9, 1], [10]]
    )
    assert equal_shares(election, ID).selected == ("a", "b")

"""The greedy family against pabutools' greedy_utilitarian_welfare (Cost_Sat, or points x cost
for point ballots), on real files and random elections, plus pb's own guarantees: ties that
decide the outcome are reported, no-skip and thresholds behave as cities use them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from pabutools.rules import greedy_utilitarian_welfare

from pb.domain.election import Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import tally
from pb.domain.tally.greedy import exclusive_groups
from pb.domain.tally.tiebreak import TieUnresolved
from tests.conftest import pabulib_file
from tests.domain.election_strategies import elections
from tests.domain.pabutools_oracle import names, sat_class, tie_breaking, to_pabutools

REAL = [
    "Poland_Warszawa_2022_Bemowo.pb",  # approval, greedy-exclusive
    "Poland_Warszawa_2019_Brodno.pb",  # approval greedy decided by a tie
    "Poland_Warszawa_2023_Ursus.pb",  # idem
    "Poland_Krakow_2018_Bronowice.pb",  # ordinal
    "France_Toulouse_2019.pb",  # cumulative
    "Netherlands_Amsterdam_643.pb",  # choose-1
]


def pabutools_greedy(election, tie_break="id", instance=None):
    inst, prof = to_pabutools(election)
    if instance is not None:
        inst = instance(inst)
    return names(
        greedy_utilitarian_welfare(
            inst,
            prof,
            sat_class=sat_class(election),
            tie_breaking=tie_breaking(election, tie_break),
        )
    )


@pytest.mark.parametrize("name", REAL)
@pytest.mark.parametrize("tie_break", ["id", "cost-votes"])
def test_greedy_matches_pabutools_on_real_files(name, tie_break):
    election = parse(pabulib_file(name))
    assert set(tally(election, "greedy", tie_break).selected) == pabutools_greedy(
        election, tie_break
    )


@given(elections(vote_types=("approval", "choose-1", "cumulative")))
@settings(max_examples=150, deadline=None)
def test_greedy_matches_pabutools_on_random_elections(election):
    for tie_break in ("id", "cost-votes"):
        assert set(tally(election, "greedy", tie_break).selected) == pabutools_greedy(
            election, tie_break
        )


@given(elections(vote_types=("approval", "cumulative")))
@settings(max_examples=100, deadline=None)
def test_threshold_is_greedy_over_eligible_projects(election):
    outcome = tally(election, "greedy", "id")
    threshold = sorted(outcome.scores.values())[len(outcome.scores) // 2]
    eligible = {pid for pid, s in outcome.scores.items() if s >= threshold}
    ours = set(tally(election, "greedy-threshold", threshold=threshold).selected)
    from pabutools.election import Instance

    def keep(inst):
        return Instance((p for p in inst if p.name in eligible), budget_limit=inst.budget_limit)

    assert ours == pabutools_greedy(election, instance=keep)


def reference_no_skip(election, scores):
    order = sorted(election.projects, key=lambda p: (-scores[p.id], p.id))
    left, funded = election.budget, set()
    for p in order:
        if p.cost > election.budget:
            continue
        if p.cost > left:
            break
        funded.add(p.id)
        left -= p.cost
    return funded


@given(elections(vote_types=("approval", "cumulative")))
@settings(max_examples=150, deadline=None)
def test_no_skip_stops_at_the_first_project_that_does_not_fit(election):
    outcome = tally(election, "greedy-no-skip")
    assert set(outcome.selected) == reference_no_skip(election, outcome.scores)


def small(costs, ballots, budget, **meta):
    projects = [Project(pid, Fraction(c)) for pid, c in costs.items()]
    return build_election(budget, projects, ballots, meta=meta)


def test_no_skip_ignores_projects_costing_more_than_the_budget():
    e = small({"a": 500, "b": 60, "c": 40}, [["a", "b", "c"], ["a", "b"], ["a"]], 100)
    outcome = tally(e, "greedy-no-skip")
    assert outcome.selected == ("b", "c")
    assert "more than the whole budget of 100" in str(outcome.explanations["a"])


def test_threshold_compares_at_least_and_explains():
    e = small({"a": 10, "b": 10}, [["a", "b"], ["a"]], 100, min_project_score_threshold="2")
    outcome = tally(e, "greedy-threshold")
    assert outcome.selected == ("a",)
    assert str(outcome.explanations["b"]) == "Not eligible (votes: 1): below the minimum of 2."
    with pytest.raises(ValueError, match="needs a threshold"):
        tally(small({"a": 1}, [["a"]], 1), "greedy-threshold")


def test_explanations_use_thousands_separators():
    e = small(
        {"1": 200_000, "2": 500_000, "3": 300_000}, [["1", "2", "3"]] * 3 + [["1", "2"]], 520_000
    )
    outcome = tally(e, "greedy")
    assert str(outcome.explanations["1"]) == (
        "Funded (votes: 4, place 1): its cost of 200,000 fit in the 520,000 left."
    )
    assert str(outcome.explanations["2"]) == (
        "Not funded (votes: 4, place 2): its cost of 500,000 was more than the 320,000 left when "
        "its turn came."
    )
    assert outcome.selected == ("1", "3") and outcome.spent == 500_000


def test_tie_that_decides_is_reported_and_refusable():
    # Ids compare as text: "10" wins the tie over "9".
    e = small({"9": 60, "10": 60, "x": 10}, [["9", "10", "x"], ["9", "10"]], 100)
    outcome = tally(e, "greedy")
    assert outcome.selected == ("10", "x") and outcome.tie_decided
    assert str(outcome.ties[0]).startswith("10, 9 tied with votes: 2 each")
    with pytest.raises(TieUnresolved) as info:
        tally(e, "greedy", "refuse")
    assert set(info.value.project_ids) == {"9", "10"}


def test_tie_that_only_orders_is_not_decisive():
    e = small({"a": 30, "b": 30, "c": 500}, [["a", "b"], ["c"]], 100)
    outcome = tally(e, "greedy", "refuse")
    assert set(outcome.selected) == {"a", "b"} and not outcome.tie_decided
    # In no-skip a tie of one project that fits and one that does not decides where counting stops.
    e = small({"a": 30, "b": 90, "c": 5}, [["a", "b"], ["c"]], 100)
    assert tally(e, "greedy-no-skip").tie_decided


def test_exclusive_groups_come_from_the_comment():
    election = parse(pabulib_file("Poland_Warszawa_2022_Bemowo.pb"))
    assert exclusive_groups(election) == [frozenset({"773", "153"})]
    outcome = tally(election, "greedy-exclusive")
    assert "153" not in outcome.selected and "773" in outcome.selected
    assert "cannot be built together with " in str(outcome.explanations["153"])
    assert election.projects[election.project_index["773"]].name in str(outcome.explanations["153"])
    # Without exclusions it is plain greedy.
    assert set(tally(election, "greedy-exclusive", exclusive=[]).selected) == set(
        tally(election, "greedy").selected
    )


def test_ordinal_scores_match_the_files_score_column():
    election = parse(pabulib_file("Poland_Krakow_2018.pb"))
    outcome = tally(election, "greedy")
    for p in election.projects:
        assert outcome.scores[p.id] == int(p.fields["score"])

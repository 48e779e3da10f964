"""Sequential Phragmén against pabutools' sequential_phragmen (exact rationals) on real files and
random elections with many ties, under both deciding tie-breaks."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from pabutools.rules import sequential_phragmen

from pb.domain.election import Project, build_election
from pb.domain.pabulib import parse
from pb.domain.tally import UnsupportedRule, tally
from pb.domain.tally.tiebreak import TieUnresolved
from tests.conftest import SLOW, pabulib_file
from tests.domain.election_strategies import elections
from tests.domain.pabutools_oracle import names, tie_breaking, to_pabutools

REAL = [
    "Poland_Warszawa_2022_Bemowo.pb",
    "Poland_Warszawa_2019_Brodno.pb",
    "Netherlands_Amsterdam_643.pb",  # choose-1
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks.pb",
]
BIG = ["Poland_Warszawa_2026.pb", "Netherlands_Assen_2024.pb"]


def pabutools_phragmen(election, tie_break="id"):
    instance, profile = to_pabutools(election)
    return names(
        sequential_phragmen(instance, profile, tie_breaking=tie_breaking(election, tie_break))
    )


@pytest.mark.parametrize("name", REAL + (BIG if SLOW else []))
def test_phragmen_matches_pabutools_on_real_files(name):
    election = parse(pabulib_file(name))
    assert set(tally(election, "phragmen").selected) == pabutools_phragmen(election)


@given(elections(vote_types=("approval", "choose-1")))
@settings(max_examples=200, deadline=None)
def test_phragmen_matches_pabutools_on_random_elections(election):
    for tie_break in ("id", "cost-votes"):
        outcome = tally(election, "phragmen", tie_break)
        assert set(outcome.selected) == pabutools_phragmen(election, tie_break)
        assert outcome.spent <= election.budget


@given(elections(vote_types=("approval",), max_projects=6, max_voters=8))
@settings(max_examples=150, deadline=None)
def test_tie_decided_means_another_choice_funds_another_set(election):
    outcome = tally(election, "phragmen", "id")
    # pabutools' irresolute outcome lists every set some tie-breaking reaches.
    instance, profile = to_pabutools(election)
    every = {
        frozenset(names(a)) for a in sequential_phragmen(instance, profile, resoluteness=False)
    }
    if not outcome.tie_decided:
        assert every == {frozenset(outcome.selected)}
    else:
        assert len(every) > 1
        with pytest.raises(TieUnresolved):
            tally(election, "phragmen", "refuse")


def test_stops_when_a_tied_cheapest_project_does_not_fit():
    # a (30, one supporter) and b (60, two) tie on load 30 and a is bought; then b is cheapest
    # but does not fit in the 40 left: counting stops, though c (35, load 65 for its supporter
    # who also paid for a) would fit.
    projects = [Project("a", Fraction(30)), Project("b", Fraction(60)), Project("c", Fraction(35))]
    e = build_election(70, projects, [["a", "c"], ["b"], ["b"]])
    outcome = tally(e, "phragmen")
    assert outcome.selected == ("a",) == tuple(pabutools_phragmen(e))
    assert outcome.tie_decided
    assert "counting stopped" in str(outcome.explanations["c"])


def test_only_for_approval_ballots():
    election = parse(pabulib_file("France_Toulouse_2019.pb"))
    with pytest.raises(UnsupportedRule, match="does not apply to cumulative"):
        tally(election, "phragmen")

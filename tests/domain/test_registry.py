"""The rule registry: names, descriptions, vote types, defaults and clear errors."""

from __future__ import annotations

import importlib.util
from fractions import Fraction

import pytest

from pb.domain.election import Project, build_election
from pb.domain.tally import RULES, UnsupportedRule, default_rule, get_rule, tally
from pb.domain.tally.outcome import Outcome


def election(rule=None, vote_type="approval", **meta):
    projects = [Project("1", Fraction(40)), Project("2", Fraction(70)), Project("3", Fraction(30))]
    ballots = [["1", "2"], ["2"], ["2", "3"], ["1"]]
    with_points = vote_type in ("cumulative", "scoring")
    points = [[1] * len(b) for b in ballots] if with_points else None
    if rule:
        meta["rule"] = rule
    return build_election(100, projects, ballots, vote_type=vote_type, points=points, meta=meta)


def test_every_rule_is_described_and_runs():
    expected = {
        "greedy", "greedy-no-skip", "greedy-threshold", "greedy-exclusive", "greedy-custom",
        "equalshares", "equalshares/cardinality", "equalshares/add1", "phragmen", "max-welfare",
        "equalshares/greedy", "equalshares/add1/greedy",
        "equalshares/points", "equalshares/points/add1", "equalshares/borda",
        "equalshares/borda/add1", "equalshares/cost-sqrt", "equalshares/cost-sqrt/add1",
        "equalshares/cost-log", "equalshares/cost-log/add1",
        "equalshares/points/greedy", "equalshares/points/add1/greedy",
        "equalshares/borda/greedy", "equalshares/borda/add1/greedy",
        "equalshares/cost-sqrt/greedy", "equalshares/cost-sqrt/add1/greedy",
        "equalshares/cost-log/greedy", "equalshares/cost-log/add1/greedy",
        "maximin-support",
        "equalshares/budget-increase", "equalshares/cardinality/budget-increase",
        "equalshares/cost-sqrt/budget-increase", "equalshares/cost-log/budget-increase",
        "equalshares/points/budget-increase", "equalshares/borda/budget-increase",
        "phragmen/budget-increase", "cstv/ewt", "cstv/ewtc",
    }  # fmt: skip
    assert set(RULES) == expected
    has_mes = importlib.util.find_spec("pb.domain.tally.mes") is not None
    for name, spec in RULES.items():
        assert spec.name == name and len(str(spec.description)) > 40 and spec.vote_types
        if name.startswith("equalshares") and not has_mes:
            continue
        kind = spec.vote_types[0]
        outcome = tally(election(vote_type=kind, min_project_score_threshold="1"), name)
        assert isinstance(outcome, Outcome) and outcome.tie_break == "id"
        assert outcome.spent <= outcome.budget
        assert set(outcome.explanations) == {"1", "2", "3"}


def test_default_is_the_files_own_rule_when_supported():
    assert default_rule(election()) == "greedy"
    assert default_rule(election("greedy-no-skip")) == "greedy-no-skip"
    assert default_rule(election("unknown")) == "greedy"
    assert default_rule(election("phragmen", vote_type="cumulative")) == "greedy"
    assert tally(election("greedy-no-skip")).rule == "greedy-no-skip"
    # greedy: 2 (3 votes) then 3... no-skip stops at 1 (40 > 30 left).
    assert tally(election("greedy-no-skip")).selected == ("2",)
    assert tally(election()).selected == ("2", "3")


def test_pabulib_names_run_as_documented():
    assert tally(election("greedy-custom")).selected == tally(election(), "greedy-no-skip").selected
    assert tally(election("greedy-custom")).rule == "greedy-custom"


def test_bad_names_are_clear_errors():
    with pytest.raises(UnsupportedRule, match="unknown rule 'unknown'"):
        tally(election(), "unknown")
    with pytest.raises(UnsupportedRule, match="does not apply to cumulative"):
        tally(election(vote_type="cumulative"), "phragmen")
    with pytest.raises(ValueError, match="unknown tie-break"):
        tally(election(), "greedy", tie_break="coin")
    assert issubclass(UnsupportedRule, ValueError)
    assert get_rule("greedy").supports("ordinal")


def test_outcome_json_is_plain():
    data = tally(election(), "greedy").to_json()
    assert data["selected"] == ["2", "3"] and data["spent"] == 100 and data["left"] == 0


def test_equal_shares_variants_are_offered_for_the_ballot_kinds_they_fit():
    kinds = {
        "equalshares/points": ("cumulative", "scoring"),
        "equalshares/borda": ("ordinal",),
        "equalshares/cost-sqrt": ("approval", "choose-1"),
        "equalshares/cost-log": ("approval", "choose-1"),
    }
    for name, expected in kinds.items():
        assert RULES[name].vote_types == expected
        assert RULES[name + "/add1"].vote_types == expected
        assert RULES[name + "/greedy"].vote_types == expected
        assert RULES[name + "/add1/greedy"].vote_types == expected

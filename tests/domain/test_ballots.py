from decimal import Decimal
from fractions import Fraction

import pytest

from pb.domain.ballots import (
    BALLOT_KINDS,
    BallotInvalid,
    BallotRules,
    ballot_rules,
    get_kind,
    ordered,
    read_ballot,
)

COSTS = {"a": Fraction(400), "b": Fraction(300), "c": Fraction(200), "d": Fraction(100)}


def refused(rules, form, costs=COSTS) -> BallotInvalid:
    with pytest.raises(BallotInvalid) as info:
        read_ballot(rules, costs, form)
    return info.value


def messages(error: BallotInvalid) -> str:
    return " | ".join(p.message for p in error.problems)


def test_registry_names_every_kind_with_its_tally_vote_type():
    assert {k: v.vote_type for k, v in BALLOT_KINDS.items()} == {
        "approval": "approval",
        "knapsack": "approval",
        "ranked": "ordinal",
        "cumulative": "cumulative",
    }
    with pytest.raises(ValueError, match="unknown ballot kind"):
        get_kind("plurality")


# --- approval ---------------------------------------------------------------------------------

APPROVAL = BallotRules("approval", min_picks=2, max_picks=3)


def test_approval_accepts_picks_within_the_limits():
    assert read_ballot(APPROVAL, COSTS, {"project": ["a", "c"]}) == {"a": 1, "c": 1}


def test_approval_counts_a_repeated_tick_once():
    assert read_ballot(APPROVAL, COSTS, {"project": ["a", "a", "b"]}) == {"a": 1, "b": 1}


def test_approval_refuses_too_many_picks():
    e = refused(APPROVAL, {"project": ["a", "b", "c", "d"]})
    assert "at most 3 projects; you chose 4" in messages(e)
    assert e.selection == {"a": 1, "b": 1, "c": 1, "d": 1}  # kept for the page


def test_approval_refuses_too_few_picks():
    assert "at least 2 projects; you chose 1" in messages(refused(APPROVAL, {"project": ["a"]}))


def test_an_empty_ballot_is_refused_by_default():
    assert "at least 1 project" in messages(refused(BallotRules("approval"), {}))


def test_a_project_of_another_ballot_is_refused_and_named():
    e = refused(APPROVAL, {"project": ["a", "zz"]})
    assert e.problems[0].project_id == "zz"
    assert "not on this ballot" in messages(e)


# --- knapsack ---------------------------------------------------------------------------------

KNAPSACK = BallotRules("knapsack", limit=Fraction(600), currency="EUR")


def test_knapsack_accepts_a_selection_that_fits_exactly():
    assert read_ballot(KNAPSACK, COSTS, {"project": ["a", "c"]}) == {"a": 1, "c": 1}


def test_knapsack_refuses_going_over_the_money():
    e = refused(KNAPSACK, {"project": ["a", "b"]})
    assert messages(e) == (
        "Your choices cost 700 EUR, 100 EUR more than the 600 EUR available. "
        "Please remove a project."
    )


def test_knapsack_accepts_decimal_costs_exactly():
    costs = {"a": Decimal("0.10"), "b": Decimal("0.20")}
    rules = BallotRules("knapsack", limit=Fraction(3, 10))
    assert read_ballot(rules, costs, {"project": ["a", "b"]}) == {"a": 1, "b": 1}


def test_a_ballot_may_spend_the_whole_amount_unless_a_limit_is_set():
    whole = ballot_rules("knapsack", Decimal("1000.00"), "EUR")
    assert whole == BallotRules("knapsack", limit=Fraction(1000), currency="EUR")
    capped = ballot_rules("knapsack", Decimal(1000), "EUR", max_sum_cost=Decimal("250.50"))
    assert capped.limit == Fraction(501, 2)
    points = ballot_rules("cumulative", 1000, total_points=10, max_points_per_project=4)
    assert (points.total_points, points.max_points_per_project) == (10, 4)
    picks = ballot_rules("approval", 1000, min_picks=1, max_picks=3)
    assert (picks.min_picks, picks.max_picks) == (1, 3)


def test_knapsack_settings_need_money():
    assert get_kind("knapsack").settings_problems(BallotRules("knapsack"), 3)


# --- ranked -----------------------------------------------------------------------------------

RANKED = BallotRules("ranked", max_picks=3)


def test_ranked_reads_ranks_and_orders_by_them():
    sel = read_ballot(RANKED, COSTS, {"rank-a": ["2"], "rank-b": [""], "rank-c": ["1"]})
    assert sel == {"a": 2, "c": 1}
    assert ordered("ranked", sel) == ["c", "a"]


def test_ranked_refuses_a_duplicate_rank_on_each_project():
    e = refused(RANKED, {"rank-a": ["1"], "rank-b": ["1"]})
    assert {p.project_id for p in e.problems} == {"a", "b"}
    assert "Rank 1 is given to more than one project." in messages(e)


def test_ranked_refuses_gaps():
    assert "Rank 2 is missing" in messages(refused(RANKED, {"rank-a": ["1"], "rank-b": ["3"]}))


def test_ranked_refuses_ranks_beyond_k():
    e = refused(BallotRules("ranked", max_picks=2), {"rank-a": ["1"], "rank-b": ["3"]})
    assert "Ranks go from 1 to 2; 3 is too high." in messages(e)


def test_ranked_refuses_more_ranked_projects_than_k():
    e = refused(
        BallotRules("ranked", max_picks=2), {f"rank-{p}": [str(i + 1)] for i, p in enumerate("abc")}
    )
    assert "rank at most 2 projects; you chose 3" in messages(e)


@pytest.mark.parametrize(("value", "words"), [("x", "whole number"), ("-1", "cannot be negative")])
def test_ranked_refuses_what_is_not_a_rank(value, words):
    e = refused(RANKED, {"rank-a": [value]})
    assert words in messages(e) and e.problems[0].project_id == "a"


# --- cumulative -------------------------------------------------------------------------------

CUMULATIVE = BallotRules("cumulative", total_points=10, max_points_per_project=5)


def test_cumulative_accepts_points_within_both_limits():
    form = {"points-a": ["5"], "points-b": ["4"], "points-c": ["0"], "points-d": [""]}
    assert read_ballot(CUMULATIVE, COSTS, form) == {"a": 5, "b": 4}


def test_cumulative_refuses_more_than_the_points_per_project():
    e = refused(CUMULATIVE, {"points-a": ["6"]})
    assert messages(e) == "At most 5 points per project; you gave 6."
    assert e.problems[0].project_id == "a"


def test_cumulative_refuses_more_points_than_the_voter_has():
    e = refused(CUMULATIVE, {"points-a": ["5"], "points-b": ["5"], "points-c": ["1"]})
    assert "You gave 11 points, 1 more than the 10 you have." in messages(e)


def test_cumulative_refuses_no_points():
    assert "at least one point" in messages(refused(CUMULATIVE, {"points-a": ["0"]}))


def test_cumulative_settings_need_points():
    assert get_kind("cumulative").settings_problems(BallotRules("cumulative"), 3)
    assert not get_kind("cumulative").settings_problems(CUMULATIVE, 3)


def test_pick_settings_must_be_consistent():
    problems = get_kind("approval").settings_problems(
        BallotRules("approval", min_picks=3, max_picks=2), 4
    )
    assert problems == ["The minimum number of picks is larger than the maximum."]


@pytest.mark.parametrize("kind", sorted(BALLOT_KINDS))
def test_every_kind_has_instructions(kind):
    rules = BallotRules(kind, limit=Fraction(600), total_points=10, max_picks=2)
    assert str(get_kind(kind).instructions(rules, 4)).endswith(".")

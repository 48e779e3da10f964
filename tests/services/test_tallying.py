from fractions import Fraction

import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import AuditEntry
from pb.services import tallying
from pb.services.errors import Refused
from tests.factories import make_budget, make_cycle, open_ballots, pids, set_phase, vote_all


@pytest.fixture
def knapsack(ctx):
    cycle = make_cycle()
    budget = make_budget(cycle, "knapsack", amount=600, costs=(400, 300, 200, 100))
    set_phase(cycle, Phase.VOTING)
    a, b, c, d = pids(budget)
    vote_all(cycle, budget, [{"project": [a, c]}, {"project": [a]}, {"project": [b, c, d]}])
    return cycle, budget


def test_no_count_while_voting_is_open(knapsack):
    cycle, budget = knapsack
    with pytest.raises(Refused, match="after voting has closed"):
        tallying.run_count(None, budget)
    assert tallying.latest_counts(cycle) == {}


def test_count_review_and_publish(knapsack):
    cycle, budget = knapsack
    a, b, c, d = pids(budget)
    open_ballots(cycle)
    count = tallying.run_count(None, budget)
    data = count.data
    assert count.ballots == 3 and count.rule == "greedy"
    # greedy by votes: a (2 votes, 400) and c (2, 200) use up the 600; b and d no longer fit.
    assert data["selected"] == [a, c]
    assert data["scores"][a] == 2 and data["scores"][d] == 1
    assert all(data["explanations"][p] for p in pids(budget))
    assert tallying.latest_counts(cycle, published=True) == {}
    tallying.publish(None, cycle)
    assert cycle.current_phase is Phase.RESULTS
    assert tallying.latest_counts(cycle, published=True)[budget.id].id == count.id
    rows = tallying.result_rows(budget, count)
    assert [r.selected for r in rows][: len(data["selected"])] == [True] * len(data["selected"])
    assert rows[0].cost == Fraction(400)
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["count.run", "results.publish"]


def test_publish_needs_a_count_for_every_budget(knapsack):
    cycle, _budget = knapsack
    open_ballots(cycle)
    with pytest.raises(Refused, match="Run the count first"):
        tallying.publish(None, cycle)


def test_election_keeps_ranks_in_order_and_points(ctx):
    cycle = make_cycle()
    ranked = make_budget(cycle, "ranked", max_picks=3)
    points = make_budget(cycle, "cumulative", total_points=5)
    set_phase(cycle, Phase.VOTING)
    r, p = pids(ranked), pids(points)
    vote_all(cycle, ranked, [{f"rank-{r[3]}": ["1"], f"rank-{r[1]}": ["2"], f"rank-{r[0]}": ["3"]}])
    vote_all(cycle, points, [{f"points-{p[2]}": ["4"], f"points-{p[0]}": ["1"]}])
    open_ballots(cycle)
    e = tallying.election_for(ranked)
    assert e.vote_type == "ordinal"
    assert [e.projects[i].id for i in e.profile.ballot(0)] == [r[3], r[1], r[0]]
    e = tallying.election_for(points)
    assert e.vote_type == "cumulative" and e.meta["max_sum_points"] == "5"
    got = dict(
        zip((e.projects[i].id for i in e.profile.ballot(0)), e.profile.points.tolist(), strict=True)
    )
    assert got == {p[2]: 4, p[0]: 1}


def test_a_knapsack_election_carries_the_spending_limit(ctx):
    cycle = make_cycle()
    budget = make_budget(cycle, "knapsack", amount=1000, max_sum_cost=500)
    e = tallying.election_for(budget)
    assert e.vote_type == "approval" and e.meta["max_sum_cost"] == "500"
    assert e.budget == 1000 and e.profile.num_voters == 0


def test_greedy_threshold_funds_only_projects_that_reach_the_minimum_score(knapsack):
    cycle, budget = knapsack
    a, b, c, d = pids(budget)
    budget.rule, budget.min_score = "greedy-threshold", 2
    db.session.commit()
    open_ballots(cycle)
    count = tallying.run_count(None, budget)
    # a and c have 2 votes each; b and d, with 1, stay unfunded though money is left.
    assert count.rule == "greedy-threshold" and count.data["selected"] == [a, c]
    budget.min_score = 3
    db.session.commit()
    assert tallying.run_count(None, budget).data["selected"] == []

"""Properties every rule keeps on random elections: spending never exceeds the budget, greedy
leaves no unfunded project that fits the money left, and shuffling the ballots changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pb.domain.election import Project, build_election
from pb.domain.tally import RULES, tally
from tests.domain.election_strategies import elections

OWN = ["greedy", "greedy-no-skip", "greedy-exclusive", "phragmen", "max-welfare"]


def applicable(election):
    return [r for r in OWN if RULES[r].supports(election.vote_type)]


@given(elections(vote_types=("approval", "choose-1", "cumulative")))
@settings(max_examples=200, deadline=None)
def test_spending_never_exceeds_the_budget(election):
    for rule in applicable(election):
        outcome = tally(election, rule)
        cost = {p.id: p.cost for p in election.projects}
        assert outcome.spent == sum(cost[p] for p in outcome.selected) <= election.budget
        assert len(set(outcome.selected)) == len(outcome.selected)


@given(elections(vote_types=("approval", "cumulative")))
@settings(max_examples=200, deadline=None)
def test_greedy_leaves_nothing_that_fits(election):
    outcome = tally(election, "greedy")
    for p in election.projects:
        if p.id not in outcome.selected:
            assert p.cost > outcome.left


@given(elections(vote_types=("approval", "choose-1", "cumulative")), st.randoms())
@settings(max_examples=150, deadline=None)
def test_ballot_order_does_not_matter(election, rnd):
    profile = election.profile
    ballots = [
        [election.projects[j].id for j in profile.ballot(i)] for i in range(profile.num_voters)
    ]
    points = None
    if profile.points is not None:
        points = [
            profile.points[profile.offsets[i] : profile.offsets[i + 1]].tolist()
            for i in range(profile.num_voters)
        ]
    order = list(range(len(ballots)))
    rnd.shuffle(order)
    shuffled = build_election(
        election.budget,
        [Project(p.id, p.cost) for p in election.projects],
        [ballots[i] for i in order],
        vote_type=election.vote_type,
        points=[points[i] for i in order] if points else None,
    )
    for rule in applicable(election):
        a, b = tally(election, rule), tally(shuffled, rule)
        assert (a.selected, a.tie_decided, a.scores) == (b.selected, b.tie_decided, b.scores)

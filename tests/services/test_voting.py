import pytest

from pb.domain import envelopes
from pb.domain.ballots import BallotInvalid, decode_choices
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Ballot, Envelope, Participation
from pb.services import errors, voting
from tests.factories import (
    code_row,
    make_budget,
    make_codes,
    make_cycle,
    open_ballots,
    pepper,
    pids,
    sealed,
    set_phase,
    stored,
)


@pytest.fixture
def vote(ctx):
    cycle = make_cycle()
    budget = make_budget(cycle, "knapsack", amount=600)
    set_phase(cycle, Phase.VOTING)
    code = make_codes(cycle)[0]
    return cycle, budget, code


def enter(cycle, code):
    return voting.enter_code(voting.load_cycle(cycle.slug), code, pepper())[0]


def cast(cycle, budget, code, form, **kw):
    return voting.cast(cycle.slug, enter(cycle, code).id, budget.id, form, **kw).envelope_id


def test_cast_seals_the_ballot_next_to_a_participation(vote):
    cycle, budget, code = vote
    a, _b, c, _d = pids(budget)
    envelope_id = cast(cycle, budget, code, {"project": [a, c]})
    envelope = db.session.get(Envelope, envelope_id)
    assert len(envelope_id) == 32 and int(envelope_id, 16) >= 0
    assert envelope.budget_id == budget.id
    # No plaintext ballot exists while the vote is open; the envelope opens only with the key.
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 0
    assert sealed() == [envelopes.Contents({a: 1, c: 1}, {envelopes.CHANNEL_KEY: "online"})]
    assert stored() == (1, 2, 1)
    # Nothing on the ballot side points back at the voter.
    assert set(Envelope.__table__.columns.keys()) == {"id", "budget_id", "sealed"}
    assert set(Ballot.__table__.columns.keys()) == {
        "id",
        "budget_id",
        "choices",
        "channel",
        "answers",
    }
    assert set(Participation.__table__.columns.keys()) == {"budget_id", "code_id"}


def test_ranked_and_cumulative_ballots_store_ranks_and_points(ctx):
    cycle = make_cycle()
    ranked = make_budget(cycle, "ranked", max_picks=2)
    points = make_budget(cycle, "cumulative", total_points=5, max_points_per_project=3)
    set_phase(cycle, Phase.VOTING)
    code = make_codes(cycle)[0]
    r = pids(ranked)
    cast(cycle, ranked, code, {f"rank-{r[2]}": ["1"], f"rank-{r[0]}": ["2"]})
    p = pids(points)
    cast(cycle, points, code, {f"points-{p[1]}": ["3"], f"points-{p[3]}": ["2"]})
    open_ballots(cycle)
    stored = {
        b.budget_id: decode_choices(
            "ranked" if b.budget_id == ranked.id else "cumulative", b.choices
        )
        for b in db.session.scalars(db.select(Ballot))
    }
    assert stored == {ranked.id: {r[2]: 1, r[0]: 2}, points.id: {p[1]: 3, p[3]: 2}}


@pytest.mark.parametrize(
    ("form", "words"),
    [
        (lambda ids: {"project": ids[:2]}, "more than the 600"),
        (lambda ids: {}, "at least 1 project"),
        (lambda ids: {"project": ["999999"]}, "not on this ballot"),
    ],
)
def test_an_invalid_ballot_stores_nothing_and_leaves_the_code_unused(vote, form, words):
    cycle, budget, code = vote
    with pytest.raises(BallotInvalid, match=words):
        cast(cycle, budget, code, form(pids(budget)))
    assert stored() == (0, 0, 0)
    cast(cycle, budget, code, {"project": [pids(budget)[0]]})  # the code still works
    assert stored() == (1, 1, 1)


def test_a_project_of_another_budget_is_refused(vote):
    cycle, budget, code = vote
    other = make_budget(cycle, "approval", name="Other")
    with pytest.raises(BallotInvalid, match="not on this ballot"):
        cast(cycle, budget, code, {"project": [pids(other)[0]]})
    assert stored() == (0, 0, 0)


def test_a_code_votes_once_per_budget(vote):
    cycle, budget, code = vote
    cast(cycle, budget, code, {"project": [pids(budget)[0]]})
    row = code_row(cycle, code)
    with pytest.raises(errors.AlreadyVoted, match="already voted in this budget"):
        voting.cast(cycle.slug, row.id, budget.id, {"project": [pids(budget)[1]]})
    with pytest.raises(errors.AlreadyVoted, match="already voted in every budget"):
        enter(cycle, code)
    assert stored() == (1, 1, 1)


def test_a_race_lost_at_the_unique_key_rolls_back_and_is_refused(vote, monkeypatch):
    """Two submissions that both pass the checks: the participation key decides."""
    cycle, budget, code = vote
    row = code_row(cycle, code)
    voting.cast(cycle.slug, row.id, budget.id, {"project": [pids(budget)[0]]})
    # The second submission checked before the first committed: it saw no participation.
    monkeypatch.setattr(voting, "check_can_vote", lambda *args: None)
    with pytest.raises(errors.AlreadyVoted, match="already voted in this budget"):
        voting.cast(cycle.slug, row.id, budget.id, {"project": [pids(budget)[1]]})
    assert stored() == (1, 1, 1)


@pytest.mark.parametrize(
    ("typed", "words"),
    [("2222-3333-4444-5555", "do not know this code"), ("abc", "16 characters")],
)
def test_unknown_or_malformed_codes_are_refused(vote, typed, words):
    cycle, _budget, _code = vote
    with pytest.raises(errors.CodeUnknown, match=words):
        enter(cycle, typed)


def test_a_void_code_is_refused(vote):
    from pb.services.codes import void_code

    cycle, budget, code = vote
    row = code_row(cycle, code)
    void_code(None, cycle, code, pepper())
    with pytest.raises(errors.CodeCancelled, match="cancelled"):
        enter(cycle, code)
    with pytest.raises(errors.CodeRequired, match="enter your voting code"):
        voting.cast(cycle.slug, row.id, budget.id, {"project": [pids(budget)[0]]})
    assert stored() == (0, 0, 0)


def test_a_code_of_another_cycle_is_unknown_here(vote):
    cycle, _budget, _code = vote
    other = make_cycle("other")
    make_budget(other)
    set_phase(other, Phase.VOTING)
    with pytest.raises(errors.CodeUnknown, match="do not know this code"):
        enter(cycle, make_codes(other)[0])


@pytest.mark.parametrize("phase", [Phase.PROPOSALS, Phase.COUNTING, Phase.RESULTS])
def test_nothing_is_stored_outside_the_voting_phase(vote, phase):
    cycle, budget, code = vote
    row = code_row(cycle, code)
    set_phase(cycle, phase)
    with pytest.raises(errors.VotingClosed, match="not open"):
        voting.cast(cycle.slug, row.id, budget.id, {"project": [pids(budget)[0]]})
    with pytest.raises(errors.VotingClosed, match="not open"):
        enter(cycle, code)
    assert stored() == (0, 0, 0)


def test_district_codes_vote_citywide_and_in_their_district_only(ctx):
    cycle = make_cycle()
    city = make_budget(cycle, name="City")
    north = make_budget(cycle, name="North", district="North")
    south = make_budget(cycle, name="South", district="South")
    set_phase(cycle, Phase.VOTING)
    code = make_codes(cycle, district="North")[0]
    row = enter(cycle, code)
    assert [b.name for b in voting.eligible(voting.budgets(cycle.id), row)] == ["City", "North"]
    with pytest.raises(errors.NotEligible, match="cannot vote in South"):
        voting.cast(cycle.slug, row.id, south.id, {"project": [pids(south)[0]]})
    voting.cast(cycle.slug, row.id, city.id, {"project": [pids(city)[0]]})
    voting.cast(cycle.slug, row.id, north.id, {"project": [pids(north)[0]]})
    with pytest.raises(errors.AlreadyVoted, match="every budget"):
        enter(cycle, code)
    assert stored()[0] == 2


def test_turnout_counts_ballots_per_budget(vote):
    cycle, budget, code = vote
    cast(cycle, budget, code, {"project": [pids(budget)[0]]})
    assert voting.turnout(cycle) == {budget.id: 1}
    assert voting.codes_voted(cycle) == 1


def test_an_unknown_vote_or_budget_is_refused(vote):
    cycle, budget, code = vote
    row = code_row(cycle, code)
    with pytest.raises(errors.VotingClosed, match="no such vote"):
        voting.cast("nowhere", row.id, budget.id, {"project": [pids(budget)[0]]})
    other = make_cycle("other")
    elsewhere = make_budget(other)
    with pytest.raises(errors.Refused, match="not part of this vote"):
        voting.cast(cycle.slug, row.id, elsewhere.id, {"project": [pids(elsewhere)[0]]})
    assert stored() == (0, 0, 0)


def test_the_vote_reads_typed_rows(vote):
    cycle, budget, _code = vote
    [info] = voting.budgets(cycle.id)
    assert info.rules.kind == "knapsack" and info.rules.limit == 600
    projects = voting.choices(budget.id)
    assert all(isinstance(p, voting.Choice) for p in projects)
    assert [p.title for p in projects] == [p.title for p in budget.projects]
    assert voting.costs(projects) == voting.budget_costs(budget.id)
    assert voting.rules_of(budget) == info.rules


def test_a_cast_takes_as_many_queries_as_before(vote):
    """The hot path: 5 reads (cycle, budgets, code, participations, costs) and 3 inserts."""
    from sqlalchemy import event

    cycle, budget, code = vote
    row = enter(cycle, code)
    slug, budget_id, choice = cycle.slug, budget.id, pids(budget)[0]
    db.session.commit()
    statements = []
    engine = db.engine

    def count(conn, cursor, statement, *args):
        if statement.lstrip().split()[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        voting.cast(slug, row.id, budget_id, {"project": [choice]})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # cycle, budgets, code, voted, costs; participation and envelope inserts (was 8 with the
    # plaintext ballot and its entries)
    assert len(statements) == 7, statements

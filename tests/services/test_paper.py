"""Paper ballots: double entry by two accounts, mismatches for a third look, the same ballot
rules as online, codes used up across channels, and no readable code->choices link while a
ballot waits for its second typing."""

from __future__ import annotations

import pytest

from pb.domain.paper import PaperTypo, form_from_numbers
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models.paper import PaperEntry
from pb.services import paper, voting
from pb.services.errors import AlreadyVoted, Refused
from tests.factories import (
    code_row,
    make_budget,
    make_codes,
    make_cycle,
    make_user,
    pepper,
    sealed,
    set_phase,
)


@pytest.fixture
def world(ctx):
    cycle = make_cycle("city")
    budget = make_budget(cycle, "approval", max_picks=2, name="City")
    ranked = make_budget(cycle, "ranked", max_picks=2, name="Ranked")
    set_phase(cycle, Phase.VOTING)
    stack = paper.create_batch(None, budget, "Library", 10)
    return {
        "cycle": cycle,
        "budget": budget,
        "ranked": ranked,
        "stack": stack,
        "ann": make_user("staff", "ann@example.org"),
        "bob": make_user("staff", "bob@example.org"),
        "cy": make_user("staff", "cy@example.org"),
        "codes": make_codes(cycle, 3),
    }


def enter(world, who, number, code, choices, stack=None):
    return paper.enter(world[who], stack or world["stack"], number, code, choices, pepper=pepper())


def test_two_agreeing_typings_seal_one_paper_ballot_and_leave_no_typing(world):
    code = world["codes"][0]
    assert enter(world, "ann", 1, code, "1 3").outcome == "waiting"
    assert sealed() == []
    (row,) = db.session.scalars(db.select(PaperEntry)).all()
    # The pending typing holds a digest only: neither the code nor the choices are readable.
    assert code.replace("-", "") not in row.digest and len(row.digest) == 64
    assert enter(world, "bob", 1, code.lower(), "3,1").outcome == "accepted"
    (ballot,) = sealed()
    assert ballot.channel == "paper" and set(ballot.selection) == {
        str(world["budget"].projects[0].id),
        str(world["budget"].projects[2].id),
    }
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperEntry)) == 0
    totals = paper.totals(world["stack"])
    assert (totals.batch.accepted, totals.waiting, totals.mismatched, totals.missing) == (
        1,
        [],
        [],
        9,
    )


def test_the_same_account_cannot_type_a_ballot_twice(world):
    enter(world, "ann", 2, "", "1")
    with pytest.raises(Refused, match="another staff account"):
        enter(world, "ann", 2, "", "1")


def test_disagreeing_typings_are_listed_and_a_third_look_decides(world):
    code = world["codes"][0]
    enter(world, "ann", 4, code, "1 2")
    assert enter(world, "bob", 4, code, "1 3").outcome == "mismatch"
    assert paper.totals(world["stack"]).mismatched == [4]
    assert sealed() == []
    assert enter(world, "cy", 4, code, "2 1").outcome == "accepted"
    assert paper.totals(world["stack"]).mismatched == []
    assert len(sealed()) == 1


def test_a_paper_code_is_refused_online_and_an_online_code_on_paper(world):
    paper_code, online_code = world["codes"][:2]
    enter(world, "ann", 1, paper_code, "1")
    enter(world, "bob", 1, paper_code, "1")
    cycle = voting.load_cycle("city")
    with pytest.raises(AlreadyVoted):
        voting.cast(
            "city",
            voting.enter_code(cycle, paper_code, pepper())[0].id,
            world["budget"].id,
            {"project": ["1"]},
        )
    row, _ = voting.enter_code(cycle, online_code, pepper())
    voting.cast(
        "city", row.id, world["budget"].id, {"project": [str(world["budget"].projects[0].id)]}
    )
    with pytest.raises(Refused, match="voted in this budget already"):
        enter(world, "ann", 2, online_code, "1")


def test_a_code_used_online_between_the_two_typings_is_refused_and_nothing_is_stored(world):
    code = world["codes"][0]
    enter(world, "ann", 1, code, "2")
    row, _ = voting.enter_code(voting.load_cycle("city"), code, pepper())
    voting.cast(
        "city", row.id, world["budget"].id, {"project": [str(world["budget"].projects[0].id)]}
    )
    before = len(sealed())
    with pytest.raises(Refused, match="voted in this budget already"):
        enter(world, "bob", 1, code, "2")
    assert len(sealed()) == before


def test_a_refusal_when_the_typings_meet_stores_nothing_and_counts_as_refused(world, monkeypatch):
    # The code is used online in the instant between the second typing's check and its seal.
    code = world["codes"][0]
    enter(world, "ann", 1, code, "2")
    monkeypatch.setattr(paper, "_code", lambda *a: (code_row(world["cycle"], code), "h"))

    def raced(*args, **kwargs):
        raise AlreadyVoted()  # what cast says when the code voted online a moment ago

    monkeypatch.setattr(voting, "cast", raced)
    monkeypatch.setattr(paper, "entry_digest", lambda *a: "same")
    db.session.execute(db.update(PaperEntry).values(digest="same"))
    db.session.commit()
    result = enter(world, "bob", 1, code, "2")
    assert result.outcome == "refused" and "already voted" in result.reason
    assert sealed() == []
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperEntry)) == 0
    assert paper.totals(world["stack"]).batch.refused == 1
    assert paper.totals(world["stack"]).batch.accepted == 0


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ("1 2 3", "at most 2"),
        ("9", "not a project number"),
        ("1 1", "twice"),
        ("x", "not a project number"),
    ],
)
def test_paper_ballots_follow_the_ballot_rules(world, choices, message):
    with pytest.raises(Refused, match=message):
        enter(world, "ann", 1, "", choices)
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperEntry)) == 0


def test_ballots_without_a_code_are_sealed_without_a_participation(world):
    enter(world, "ann", 5, "", "2")
    assert enter(world, "bob", 5, "", "2").outcome == "accepted"
    (ballot,) = sealed()
    assert ballot.channel == "paper"
    assert voting.turnout(world["cycle"])[world["budget"].id] == 0  # no code voted


def test_ranked_paper_ballots_keep_the_order(world):
    stack = paper.create_batch(None, world["ranked"], "Ranked stack", 3)
    enter(world, "ann", 1, "", "3 1", stack)
    assert enter(world, "bob", 1, "", "3 1", stack).outcome == "accepted"
    (ballot,) = sealed()
    ids = [str(p.id) for p in world["ranked"].projects]
    assert ballot.selection == {ids[2]: 1, ids[0]: 2}


def test_typed_numbers_become_the_web_form():
    ids = ["10", "11", "12"]
    assert form_from_numbers("approval", " 1, 3 ", ids) == {"project": ["10", "12"]}
    assert form_from_numbers("cumulative", "2:5 3:1", ids) == {
        "points-11": ["5"],
        "points-12": ["1"],
    }
    with pytest.raises(PaperTypo):
        form_from_numbers("cumulative", "2", ids)

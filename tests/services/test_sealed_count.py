"""Counting keys and opening envelopes, as services and as `flask vote` / `flask count`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Ballot, Count, Envelope
from pb.models.envelope import CountingKey
from pb.services import counting_keys, cycles, opening, voting
from pb.services.errors import Refused
from tests import factories as f


def _cast(cycle, budget, n: int = 3) -> None:
    f.vote_all(cycle, budget, [{"project": [f.pids(budget)[i % 4]]} for i in range(n)])


def _voted(n: int = 3):
    """A cycle with its vote open and `n` sealed ballots cast in its one budget."""
    cycle = f.make_cycle()
    budget = f.make_budget(cycle)
    f.set_phase(cycle, Phase.VOTING)
    _cast(cycle, budget, n)
    return cycle, budget


def _rows(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_opening_the_vote_writes_a_private_key_file_only(db):
    cycle = f.make_cycle(phase=Phase.PROPOSALS)
    db.session.delete(db.session.get(CountingKey, cycle.id))
    db.session.commit()
    f.make_budget(cycle)
    cycles.open_voting(None, cycle, f.key_dir())
    key = counting_keys.key_of(cycle)
    path = counting_keys.key_file(f.key_dir(), cycle, key.public_key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f.key_dir()).stat().st_mode) == 0o700
    private = bytes.fromhex(path.read_text())
    # The database holds the public half only.
    assert len(key.public_key) == 32 and private.hex() not in repr(key.__dict__)


def test_the_count_refuses_while_envelopes_are_sealed_and_counts_after_opening(db):
    cycle, budget = _voted()
    f.set_phase(cycle, Phase.COUNTING)
    from pb.services import tallying

    with pytest.raises(Refused, match="still has sealed ballots"):
        tallying.run_count(None, budget)
    result = opening.open_envelopes(
        None, cycle, counting_keys.private_key(cycle, f.key_dir()), compact=None
    )
    assert result[budget.id].opened == 3 and result[budget.id].spoiled == {}
    assert (_rows(Envelope), _rows(Ballot)) == (0, 3)
    assert tallying.run_count(None, budget).ballots == 3


def test_a_wrong_key_opens_nothing_and_changes_nothing(db):
    cycle, budget = _voted()
    f.set_phase(cycle, Phase.COUNTING)
    with pytest.raises(Refused, match="not the counting key"):
        opening.open_envelopes(None, cycle, bytes(32), compact=None)
    assert (_rows(Envelope), _rows(Ballot)) == (3, 0)


def test_envelopes_open_only_after_voting_closed(db):
    cycle, budget = _voted()
    private = counting_keys.private_key(cycle, f.key_dir())
    with pytest.raises(Refused, match="after voting has closed"):
        opening.open_envelopes(None, cycle, private, compact=None)
    assert _rows(Envelope) == 3


def test_a_missing_key_file_is_said_plainly(db):
    cycle = f.make_cycle()
    key = counting_keys.key_of(cycle)
    counting_keys.key_file(f.key_dir(), cycle, key.public_key).unlink()
    with pytest.raises(Refused, match="cannot be read"):
        counting_keys.private_key(cycle, f.key_dir())


def test_no_ballot_is_sealed_without_a_confirmed_key(db):
    cycle = f.make_cycle(phase=Phase.PROPOSALS)
    budget = f.make_budget(cycle)
    counting_keys.prepare_trustee_key(None, cycle, ["A", "B"], 2)
    f.set_phase(cycle, Phase.VOTING)  # as dates would, without anyone confirming the shares
    code = f.make_codes(cycle)[0]
    row, _ = voting.enter_code(voting.load_cycle(cycle.slug), code, f.pepper())
    with pytest.raises(Refused, match="no counting key"):
        voting.cast(cycle.slug, row.id, budget.id, {"project": [f.pids(budget)[0]]})
    assert _rows(Envelope) == 0


def test_flask_vote_and_count_commands(app, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        cycle = f.make_cycle("cli", phase=Phase.PROPOSALS)
        db.session.delete(db.session.get(CountingKey, cycle.id))
        db.session.commit()
        budget_id = f.make_budget(cycle).id
        shares = counting_keys.prepare_trustee_key(None, cycle, ["A", "B", "C"], 2).files
        counting_keys.confirm_trustee_key(None, cycle, [s.words for s in shares[:2]])
        cycle_id = cycle.id
    files = []
    for share in shares:
        path = tmp_path / f"share-{share.number}.txt"
        path.write_text(share.text())
        files.append(str(path))
    result = runner.invoke(args=["vote", "open", "cli"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from pb.models import Budget, Cycle

        _cast(db.session.get(Cycle, cycle_id), db.session.get(Budget, budget_id))
    assert runner.invoke(args=["vote", "close", "cli"]).exit_code == 0
    result = runner.invoke(args=["count", "cli", "--share", files[0]])
    assert result.exit_code != 0 and "2 shares are needed" in result.output
    result = runner.invoke(
        args=["count", "cli", "--publish", "--share", files[0], "--share", files[2]]
    )
    assert result.exit_code == 0, result.output
    assert "opened 3 sealed ballots" in result.output and "results published" in result.output
    with app.app_context():
        assert _rows(Envelope) == 0 and _rows(Ballot) == 3 and _rows(Count) == 1
        assert db.session.get(Cycle, cycle_id).current_phase is Phase.RESULTS


def test_the_vote_opens_once_from_the_command_line(app):
    runner = app.test_cli_runner()
    with app.app_context():
        f.make_budget(f.make_cycle("once", phase=Phase.PROPOSALS))
    assert runner.invoke(args=["vote", "open", "once"]).exit_code == 0
    again = runner.invoke(args=["vote", "open", "once"])
    assert again.exit_code != 0 and "before it has started" in again.output
    assert runner.invoke(args=["vote", "close", "nope"]).exit_code != 0


def test_open_ballots_helper_matches_the_service(db):
    cycle, budget = _voted(2)
    assert f.open_ballots(cycle)[budget.id].opened == 2
    assert os.listdir(f.key_dir())  # the helper leaves the key; the count command destroys it


def test_channel_and_answers_travel_sealed_and_land_on_the_opened_ballot(db):
    cycle = f.make_cycle()
    budget = f.make_budget(cycle)
    f.set_phase(cycle, Phase.VOTING)
    ids = f.pids(budget)
    for i, (channel, answers) in enumerate(
        [
            ("online", None),
            ("kiosk", {"age": "30-44"}),
            ("paper", {"age": "65-plus", "first": "yes"}),
        ]
    ):
        code = f.code_row(cycle, f.make_codes(cycle)[0])
        voting.cast(
            cycle.slug, code.id, budget.id, {"project": [ids[i]]}, channel=channel, answers=answers
        )
    assert all(
        b"kiosk" not in s and b"age" not in s
        for s in db.session.scalars(db.select(Envelope.sealed))
    )
    f.set_phase(cycle, Phase.COUNTING)
    f.open_ballots(cycle)
    rows = {(b.choices, b.channel, b.answers) for b in db.session.scalars(db.select(Ballot))}
    assert rows == {
        (ids[0], "online", ""),
        (ids[1], "kiosk", "age=30-44"),
        (ids[2], "paper", "age=65-plus;first=yes"),
    }


def test_an_unknown_channel_is_a_programming_error_and_stores_nothing(db):
    cycle = f.make_cycle()
    budget = f.make_budget(cycle)
    f.set_phase(cycle, Phase.VOTING)
    code = f.code_row(cycle, f.make_codes(cycle)[0])
    with pytest.raises(ValueError, match="unknown channel"):
        voting.cast(cycle.slug, code.id, budget.id, {"project": f.pids(budget)[:1]}, channel="tram")
    assert _rows(Envelope) == 0

"""The secret-ballot attacks, run as an attacker would, through gunicorn and HTTP: 400 residents
vote, then the database is read below SQL during the vote and after the count.

- PostgreSQL: rows written in one transaction share `xmin`;
- SQLite: the WAL replayed commit by commit shows what each commit wrote;
- both: the physical order of the plaintext ballots against the order they were cast;
- the access log: no response size, no query string.
Before sealed envelopes, each of these linked every ballot to its code."""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from bench.server import database, gunicorn, prepare
from tests.conftest import BACKENDS, PG_URL
from tests.e2e.sqlite_pages import cells_in_write_order, rank_correlation, wal_commits

# More than the 200 the issue names: with 400 a chance correlation of 0.2 is a 4-sigma event.
VOTERS = 400
PROJECTS = 10
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
LOG_LINE = re.compile(r'^\S+ \[[^\]]+\] "(GET|POST) /[^ ?"]*" \d{3}$')


def _setup() -> dict:
    from pb.domain.phases import Phase
    from tests.factories import make_budget, make_codes, make_cycle, pids, set_phase

    cycle = make_cycle("secret")
    budget = make_budget(cycle, "approval", amount=10_000, costs=(100,) * PROJECTS)
    set_phase(cycle, Phase.VOTING)
    return {"codes": make_codes(cycle, VOTERS), "budget": budget.id, "projects": pids(budget)}


def _selection(i: int, projects: list[str]) -> list[str]:
    """Voter i's ballot: the projects of the bits of i + 1, so each ballot tells its cast order."""
    return [p for bit, p in enumerate(projects) if (i + 1) >> bit & 1]


def _vote(base: str, code: str, budget: int, projects: list[str]) -> None:
    """Enter the code, then submit the ballot; each answers with a redirect."""
    with requests.Session() as s:
        token = TOKEN.search(s.get(f"{base}/vote/secret/", timeout=120).text).group(1)
        for path, data in (("", {"code": code}), (f"b/{budget}/submit", {"project": projects})):
            r = s.post(
                f"{base}/vote/secret/{path}",
                data={**data, "csrf_token": token},
                allow_redirects=False,
                timeout=120,
            )
            assert r.status_code == 302, r.text[:300]


def _count() -> None:
    from flask import current_app

    from pb.extensions import db
    from pb.models import Cycle
    from pb.services import counting_keys, cycles, opening, tallying

    cycle = db.session.scalar(db.select(Cycle).filter_by(slug="secret"))
    cycles.close_voting(None, cycle)
    key_dir = current_app.config["PB_KEY_DIR"]
    opening.open_envelopes(None, cycle, counting_keys.private_key(cycle, key_dir))
    counting_keys.destroy_server_key(cycle, key_dir)
    for budget in cycle.budgets:
        tallying.run_count(None, budget)


def _cast_order(conn, budget: int, projects: list[str]) -> dict[str, int]:
    """Ballot id -> the cast order its choices tell."""
    bit = {p: k for k, p in enumerate(projects)}
    rows = conn.execute(
        sa.text("SELECT id, choices FROM ballot WHERE budget_id = :b"), {"b": budget}
    )
    return {
        ballot_id: sum(1 << bit[p] for p in choices.split(",")) - 1 for ballot_id, choices in rows
    }


def _physical_order(conn, backend: str, db_file: Path | None) -> list[str]:
    if backend == "postgresql":
        return list(conn.execute(sa.text("SELECT id FROM ballot ORDER BY ctid")).scalars())
    return cells_in_write_order(db_file, "ballot")


def _xmins(conn, table: str) -> set[int]:
    return set(conn.execute(sa.text(f"SELECT xmin::text::bigint FROM {table}")).scalars())


def _check_wal(db_file: Path) -> int:
    """No commit that writes a participation row writes a readable choice; returns how many
    such commits the WAL held (so that the check is not empty)."""
    seen = 0
    before = 0
    for conn in wal_commits(db_file):
        voted = conn.execute("SELECT count(*) FROM participation").fetchone()[0]
        if voted > before:
            seen += 1
            assert conn.execute("SELECT count(*) FROM ballot").fetchone()[0] == 0
            for (blob,) in conn.execute("SELECT sealed FROM envelope"):
                assert bytes(16) not in blob  # a plaintext ballot would show its zero padding
        before = voted
    return seen


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_ballot_links_to_its_code_during_the_vote_or_after_the_count(tmp_path, backend):
    pg = PG_URL if backend == "postgresql" else None
    db_file = tmp_path / "pb.sqlite" if pg is None else None
    with database(tmp_path, pg) as url, ExitStack() as stack:
        data = prepare(url, tmp_path, _setup)
        projects = data["projects"]
        log = tmp_path / "access.log"
        with gunicorn(url, tmp_path, workers=2, PB_ACCESS_LOG=str(log)) as base:
            for i, code in enumerate(data["codes"]):
                _vote(base, code, data["budget"], _selection(i, projects))
            # A code in a query string (a mistyped link) must not reach the log either.
            requests.get(f"{base}/vote/secret/?code=LEAKED-CODE", timeout=30)

            engine = sa.create_engine(url)
            stack.callback(engine.dispose)
            with engine.connect() as conn:
                assert (
                    conn.execute(sa.text("SELECT count(*) FROM participation")).scalar() == VOTERS
                )
                assert conn.execute(sa.text("SELECT count(*) FROM envelope")).scalar() == VOTERS
                assert conn.execute(sa.text("SELECT count(*) FROM ballot")).scalar() == 0
                sealed = list(conn.execute(sa.text("SELECT sealed FROM envelope")).scalars())
                assert len({len(bytes(s)) for s in sealed}) == 1  # one length for every ballot
                if backend == "postgresql":
                    # The link the attack used: envelopes share their participation's xmin,
                    # which is why they are sealed; no plaintext ballot exists to share it.
                    assert _xmins(conn, "participation") & _xmins(conn, "envelope")
                    assert not _xmins(conn, "participation") & _xmins(conn, "ballot")
            if db_file is not None:
                assert _check_wal(db_file) > 0

        prepare(url, tmp_path, _count)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM envelope")).scalar() == 0
            assert conn.execute(sa.text("SELECT count(*) FROM ballot")).scalar() == VOTERS
            order = _cast_order(conn, data["budget"], projects)
            assert sorted(order.values()) == list(range(VOTERS))
            physical = _physical_order(conn, backend, db_file)
            if backend == "postgresql":
                participation = _xmins(conn, "participation")
                ballots = _xmins(conn, "ballot")
                assert not participation & ballots
                assert len(_xmins(conn, "ballot")) == 1  # one transaction wrote them all
                assert conn.execute(sa.text("SELECT pg_relation_size('envelope')")).scalar() == 0
        assert sorted(physical) == sorted(order)
        rho = rank_correlation(list(range(VOTERS)), [order[b] for b in physical])
        assert abs(rho) < 0.2, rho
        if db_file is not None:
            # The pages that held envelopes were rewritten: no envelope survives on disk.
            raw = db_file.read_bytes()
            wal = Path(f"{db_file}-wal")
            raw += wal.read_bytes() if wal.exists() else b""
            assert not any(bytes(s)[32:96] in raw for s in sealed)

    lines = [line for line in log.read_text().splitlines() if '"' in line]
    assert len(lines) >= 3 * VOTERS
    assert all(LOG_LINE.match(line) for line in lines), [
        line for line in lines if not LOG_LINE.match(line)
    ][:3]
    assert "LEAKED-CODE" not in log.read_text()

"""`flask backup` while residents vote through gunicorn, then `flask restore`: no ballot
accepted before the backup began is missing, the backup is consistent (one sealed ballot per
participation), codes still work after the restore, and the count counts exactly those
ballots. On SQLite and, when configured, PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import re
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bench.server import SECRET, database, gunicorn, prepare
from pb.app import create_app
from tests.conftest import BACKENDS, PG_URL

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VOTERS, SPARE = 40, 10


def _setup() -> dict:
    from pb.domain.phases import Phase
    from tests.factories import make_budget, make_codes, make_cycle, pids, set_phase

    cycle = make_cycle("bk")
    budget = make_budget(cycle, "approval")
    set_phase(cycle, Phase.VOTING)
    return {
        "codes": make_codes(cycle, VOTERS + SPARE),
        "budget": budget.id,
        "projects": pids(budget),
    }


def _app(url, tmp):
    return create_app(
        {
            "SECRET_KEY": SECRET,
            "PB_CODE_PEPPER": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "PB_DEVELOPMENT": "1",
            "WTF_CSRF_ENABLED": False,
        },
        instance_path=str(tmp),
    )


def _counts(app) -> tuple[int, int]:
    from pb.extensions import db
    from pb.models import Envelope, Participation

    with app.app_context():
        try:
            return (
                db.session.scalar(db.select(db.func.count()).select_from(Envelope)),
                db.session.scalar(db.select(db.func.count()).select_from(Participation)),
            )
        finally:
            db.session.remove()
            db.engine.dispose()


def _vote(base: str, code: str, data: dict, i: int) -> float | None:
    with requests.Session() as s:
        token = TOKEN.search(s.get(f"{base}/vote/bk/", timeout=60).text).group(1)
        r = s.post(
            f"{base}/vote/bk/",
            data={"code": code, "csrf_token": token},
            allow_redirects=False,
            timeout=60,
        )
        assert r.status_code == 302, r.text[:300]
        r = s.post(
            f"{base}/vote/bk/b/{data['budget']}/submit",
            data={"project": [data["projects"][i % 4]], "csrf_token": token},
            allow_redirects=False,
            timeout=60,
        )
        return time.monotonic() if r.status_code == 302 else None


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.attack(
    "`flask backup` while 40 residents vote through gunicorn, then `flask restore`",
    "no ballot accepted before the backup is lost; codes still work; the count counts exactly the restored ballots",
)
def test_backup_during_the_vote_restores_every_accepted_ballot(tmp_path, backend):
    pg = PG_URL if backend == "postgresql" else None
    with database(tmp_path, pg) as url:
        data = prepare(url, tmp_path, _setup)
        backup = tmp_path / "backups" / "pb.backup"
        app = _app(url, tmp_path)
        with gunicorn(url, tmp_path, workers=2) as base:
            done: list[float] = []
            window = {}

            def take_backup():
                while len(done) < 12:
                    time.sleep(0.02)
                window["start"] = time.monotonic()
                result = app.test_cli_runner().invoke(args=["backup", str(backup)])
                window["end"] = time.monotonic()
                assert result.exit_code == 0, result.output

            backer = threading.Thread(target=take_backup)
            backer.start()

            def voter(i: int) -> None:
                finished = _vote(base, data["codes"][i], data, i)
                assert finished is not None
                done.append(finished)

            with ThreadPoolExecutor(4) as pool:
                list(pool.map(voter, range(VOTERS)))
            backer.join()
        assert _counts(app) == (VOTERS, VOTERS)
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600

        result = app.test_cli_runner().invoke(args=["restore", "--yes", str(backup)])
        assert result.exit_code == 0, result.output
        envelopes, participations = _counts(app)
        accepted_before = sum(1 for t in done if t < window["start"])
        accepted_by_end = sum(1 for t in done if t <= window["end"])
        assert envelopes == participations  # consistent: no ballot without its code, or back
        assert accepted_before <= participations <= accepted_by_end + 4  # 4 in flight at most
        assert participations < VOTERS  # the restore really went back to the backup

        # Codes work after the restore: a spare code votes, a code in the backup is refused.
        client = app.test_client()
        voted_code = data["codes"][0]  # among the first twelve, all done before the backup
        assert client.post("/vote/bk/", data={"code": data["codes"][VOTERS]}).status_code == 302
        r = client.post(
            f"/vote/bk/b/{data['budget']}/submit", data={"project": data["projects"][:1]}
        )
        assert r.status_code == 302
        other = app.test_client()
        r = other.post("/vote/bk/", data={"code": voted_code})
        assert r.status_code == 422 and b"already voted" in r.data, r.data[-2000:]

        # The count counts exactly the restored ballots (and the one just cast).
        runner = app.test_cli_runner()
        assert runner.invoke(args=["vote", "close", "bk"]).exit_code == 0
        result = runner.invoke(args=["count", "bk"])
        assert result.exit_code == 0, result.output
        assert f"{participations + 1} ballots" in result.output
        with app.app_context():
            from pb.extensions import db

            db.session.remove()
            db.engine.dispose()


def test_a_backup_never_overwrites_and_a_restore_checks_its_file(tmp_path):
    from pb.services import backups
    from pb.services.errors import Refused

    url = f"sqlite:///{tmp_path / 'pb.sqlite'}"
    prepare(url, tmp_path, lambda: None)
    target = tmp_path / "exists.backup"
    target.write_bytes(b"older backup")
    with pytest.raises(Refused, match="exists"):
        backups.backup(url, target)
    assert target.read_bytes() == b"older backup"
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all")
    with pytest.raises(Refused, match="not a SQLite backup"):
        backups.restore(url, junk)

"""One code, 200 simultaneous submissions to 4 gunicorn workers: exactly one ballot is stored,
the 199 others get a clear refusal, and nothing answers 5xx. On SQLite, and on PostgreSQL when
PB_TEST_DATABASE_URL is set."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bench.server import database, gunicorn, prepare
from tests.conftest import BACKENDS, PG_URL

SUBMISSIONS = 200
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _setup() -> dict:
    from pb.domain.phases import Phase
    from tests.factories import make_budget, make_codes, make_cycle, pids, set_phase

    cycle = make_cycle("race")
    budget = make_budget(cycle, "approval")
    set_phase(cycle, Phase.VOTING)
    return {"code": make_codes(cycle)[0], "budget": budget.id, "projects": pids(budget)}


def _count(url: str, tmp) -> tuple[int, int]:
    def count():
        from pb.extensions import db
        from pb.models import Envelope, Participation

        return (
            db.session.scalar(db.select(db.func.count()).select_from(Envelope)),
            db.session.scalar(db.select(db.func.count()).select_from(Participation)),
        )

    return prepare(url, tmp, count)


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_code_many_simultaneous_submissions_store_one_ballot(tmp_path, backend):
    pg = PG_URL if backend == "postgresql" else None
    with database(tmp_path, pg) as url:
        data = prepare(url, tmp_path, _setup)
        with gunicorn(url, tmp_path, workers=4) as base:
            start = threading.Barrier(SUBMISSIONS, timeout=120)

            def voter(i: int) -> tuple[int, str]:
                with requests.Session() as s:
                    page = s.get(f"{base}/vote/race/", timeout=60)
                    token = TOKEN.search(page.text).group(1)
                    r = s.post(
                        f"{base}/vote/race/",
                        data={"code": data["code"], "csrf_token": token},
                        allow_redirects=False,
                        timeout=60,
                    )
                    assert r.status_code == 302, r.text[:500]
                    start.wait()  # every session holds the code before anyone submits
                    r = s.post(
                        f"{base}/vote/race/b/{data['budget']}/submit",
                        data={"project": [data["projects"][i % 4]], "csrf_token": token},
                        allow_redirects=False,
                        timeout=120,
                    )
                    return r.status_code, r.text

            with ThreadPoolExecutor(SUBMISSIONS) as pool:
                results = list(pool.map(voter, range(SUBMISSIONS)))
        statuses = [status for status, _ in results]
        assert not [s for s in statuses if s >= 500], (tmp_path / "gunicorn.log").read_text()[
            -3000:
        ]
        assert statuses.count(302) == 1
        refusals = [text for status, text in results if status == 409]
        assert len(refusals) == SUBMISSIONS - 1
        assert all("already voted in this budget" in text for text in refusals)
        assert _count(url, tmp_path) == (1, 1)

"""Rate limits count once for all gunicorn workers: with the embedded default (a SQLite file
in instance/) and with Redis. With the old in-memory storage each of 4 workers counted on its
own, so 4 times the documented number of login attempts got through."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bench.server import database, gunicorn, prepare
from tests.requirements import CHECKS, REDIS_URL, need

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
LIMIT, ATTEMPTS = 8, 32


def login_attempt(base: str, i: int) -> int:
    with requests.Session() as s:
        token = TOKEN.search(s.get(f"{base}/login", timeout=30).text).group(1)
        r = s.post(
            f"{base}/login",
            data={"csrf_token": token, "email": f"guess{i}@example.org", "password": "wrong one"},
            allow_redirects=False,
            timeout=30,
        )
        return r.status_code


def storage_uri(kind: str, tmp_path) -> str:
    if kind == "redis":
        if why := CHECKS["redis"]():
            need("redis", why)
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        return REDIS_URL
    return f"sqlite:///{tmp_path / 'ratelimit.sqlite'}"


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
@pytest.mark.attack(
    "32 logins through 4 gunicorn workers against a limit of 8",
    "exactly 8 answered, 24 refused (SQLite file and Redis storage)",
)
def test_login_limit_counts_across_four_workers(tmp_path, kind):
    uri = storage_uri(kind, tmp_path)
    with database(tmp_path) as url:
        prepare(url, tmp_path, lambda: None)
        env = {"PB_RATELIMIT_STORAGE_URI": uri, "PB_LOGIN_RATE_LIMIT": f"{LIMIT} per hour"}
        with gunicorn(url, tmp_path, workers=4, **env) as base, ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda i: login_attempt(base, i), range(ATTEMPTS)))
    assert statuses.count(422) == LIMIT, statuses
    assert statuses.count(429) == ATTEMPTS - LIMIT


def test_the_sqlite_storage_counts_and_expires(tmp_path):
    from limits.storage import storage_from_string

    store = storage_from_string(f"sqlite:///{tmp_path / 'rl.sqlite'}")
    assert [store.incr("k", 1) for _ in range(3)] == [1, 2, 3]
    assert store.get("k") == 3 and store.get("other") == 0
    import time

    time.sleep(1.1)
    assert store.get("k") == 0 and store.incr("k", 60) == 1
    store.clear("k")
    assert store.get("k") == 0
    assert oct((tmp_path / "rl.sqlite").stat().st_mode & 0o777) == "0o600"

"""Faults answered clearly: a held database lock, absurd page numbers, a form with the end
before the start, and the files the database lives in."""

from __future__ import annotations

import re
import sqlite3
import stat
import threading
import time

import pytest
import requests
import sqlalchemy as sa

from bench.server import database, gunicorn, prepare
from pb.domain.phases import Phase
from tests.conftest import BACKENDS, PG_URL
from tests.factories import make_cycle
from tests.web.test_ideas_public import FORM


@pytest.mark.parametrize("page", ["999999999999999999999", "0", "-1", "abc", "2"])
@pytest.mark.attack(
    "`/c/demo/ideas?page=999999999999999999999`, 0, -1, text, past the end",
    "404, not 500",
)
def test_out_of_range_pages_are_404(client, db, page):
    make_cycle("demo")
    assert client.get(f"/c/demo/ideas?page={page}").status_code == 404
    assert client.get("/c/demo/ideas?page=1").status_code == 200


@pytest.mark.attack(
    "The same on the staff moderation queue",
    "404",
)
def test_staff_queue_pages_too(staff_client, db):
    make_cycle("demo")
    assert staff_client.get("/admin/c/demo/ideas?page=99999999999999999999").status_code == 404


@pytest.mark.attack(
    "A new cycle written in a language it does not show",
    "422 with everything typed kept (was 500 for bad dates before dates moved to the phases)",
)
def test_a_new_cycle_with_inconsistent_languages_is_422_with_the_values_kept(staff_client):
    form = {
        "name": "Spring budget",
        "slug": "spring",
        "description": "Kept text",
        "default_language": "pl",
        "languages": ["en", "es"],
        "time_zone": "Europe/Madrid",
    }
    r = staff_client.post("/admin/cycles/new", data=form)
    assert r.status_code == 422
    assert b"The language the cycle is written in must be one it shows." in r.data
    for value in (b"Spring budget", b"spring", b"Kept text", b'selected value="Europe/Madrid"'):
        assert value in r.data


@pytest.mark.attack(
    "Read the SQLite database and its WAL as another local user",
    "files are 0600",
)
def test_database_files_are_private(app, tmp_path):
    with app.app_context():
        make_cycle()
    for name in ("pb.sqlite", "pb.sqlite-wal", "pb.sqlite-shm"):
        path = tmp_path / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    assert stat.S_IMODE((tmp_path / "pb.sqlite").stat().st_mode) == 0o600


@pytest.mark.attack(
    "An existing 0644 database",
    "made 0600 at start",
)
def test_an_existing_readable_database_is_made_private(tmp_path):
    from tests.conftest import built_app

    db_file = tmp_path / "pb.sqlite"
    sqlite3.connect(db_file).close()
    db_file.chmod(0o644)
    with built_app(tmp_path):
        assert stat.S_IMODE(db_file.stat().st_mode) == 0o600


def _hold_write_lock(url: str, seconds: float, ready: threading.Event) -> None:
    """SQLite: the database's write lock. PostgreSQL: a lock on the idea table that lets
    readers in and keeps writers out."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("LOCK TABLE idea IN EXCLUSIVE MODE")
            ready.set()
            time.sleep(seconds)
            conn.rollback()
    finally:
        engine.dispose()


@pytest.mark.attack(
    "Hold the database's write lock for 8 s while a resident posts (SQLite, PostgreSQL)",
    '503 "busy, try again" + Retry-After in under 5 s; pages keep loading',
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_held_write_lock_gives_503_within_5_s_and_reads_go_on(tmp_path, backend):
    """Two workers; a lock held for 8 s. A resident's write gets 503 + Retry-After in under
    5 s, and pages keep loading meanwhile (WAL readers do not wait for the writer)."""
    with database(tmp_path, PG_URL if backend == "postgresql" else None) as url:
        prepare(url, tmp_path, lambda: make_cycle("demo", Phase.IDEAS))
        with gunicorn(url, tmp_path, workers=2) as base:
            for _ in range(6):  # both workers connected and their templates compiled
                requests.get(f"{base}/c/demo/ideas", timeout=30)
            ready = threading.Event()
            holder = threading.Thread(target=_hold_write_lock, args=(url, 8, ready))
            holder.start()
            ready.wait(10)
            s = requests.Session()
            form = s.get(f"{base}/c/demo/ideas/new")
            assert form.status_code == 200
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.text)
            results = {}

            def write():
                start = time.monotonic()
                r = s.post(
                    f"{base}/c/demo/ideas/new",
                    data={**FORM, "csrf_token": token.group(1)},
                    timeout=30,
                )
                results["write"] = (r.status_code, r.headers.get("Retry-After"), r.text)
                results["write_s"] = time.monotonic() - start

            writer = threading.Thread(target=write)
            writer.start()
            time.sleep(0.3)
            read_times = []
            for _ in range(5):
                start = time.monotonic()
                assert requests.get(f"{base}/c/demo/ideas", timeout=10).status_code == 200
                read_times.append(time.monotonic() - start)
            writer.join()
            holder.join()
            status, retry_after, text = results["write"]
            assert status == 503, text[:500]
            assert retry_after is not None and int(retry_after) <= 5
            assert "try again" in text
            assert results["write_s"] < 5
            assert max(read_times) < 3, read_times

"""The attacker's WAL replay must show true states, or the secrecy test fails on a mixed image
(it did in CI once a checkpoint had copied part of the WAL into the database file)."""

import sqlite3

from tests.e2e.sqlite_pages import wal_commits


def _live(path, rows: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
    for i in range(rows):
        conn.execute("INSERT INTO t VALUES (?, ?)", (f"k{i:04}", "x" * 300))
    return conn


def test_every_commit_of_an_unchecked_wal_is_replayed(tmp_path):
    live = _live(tmp_path / "a.db", 40)
    counts = [
        c.execute("SELECT count(*) FROM t").fetchone()[0] for c in wal_commits(tmp_path / "a.db")
    ]
    live.close()
    assert counts[-40:] == list(range(1, 41))


def test_frames_a_checkpoint_copied_are_not_replayed_over_newer_pages(tmp_path):
    live = _live(tmp_path / "b.db", 40)
    live.execute("PRAGMA wal_checkpoint(PASSIVE)")  # copies every frame, keeps the WAL
    states = []
    for conn in wal_commits(tmp_path / "b.db"):
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        states.append(conn.execute("SELECT count(*) FROM t").fetchone()[0])
    live.close()
    assert states == [40]

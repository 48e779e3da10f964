"""Rate-limit counts in one SQLite file on the app machine: the embedded default storage for
Flask-Limiter (`sqlite:///path`, registered with the `limits` library on import).

Why a file: gunicorn's workers are separate processes, so the `memory://` storage counts per
worker (4 workers allowed 4 times the documented rate). A file in WAL mode is shared by every
worker on the machine without another service to run; the counter update is one atomic
statement. Several app machines share counts through Redis instead
(`PB_RATELIMIT_STORAGE_URI=redis://host:6379/0`). Counts are not precious, so the file is
written without fsync; losing them in a power cut only resets some windows.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from urllib.parse import urlsplit

from limits.storage import Storage

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counter "
    "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
)
_INCR = (
    "INSERT INTO counter (key, count, expires) VALUES (:key, :amount, :now + :expiry) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN expires <= :now THEN :amount ELSE count + :amount END, "
    "expires = CASE WHEN expires <= :now THEN :now + :expiry ELSE expires END "
    "RETURNING count"
)


class SQLiteStorage(Storage):
    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: float | str | bool):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlsplit(uri).path[1:] if uri.startswith("sqlite:///") else ""
        if not self.path:
            raise ValueError(f"{uri!r}: use sqlite:///relative or sqlite:////absolute/path")
        self._local = threading.local()

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _conn(self) -> sqlite3.Connection:
        # One connection per process and thread: a forked gunicorn worker opens its own.
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            if not os.path.exists(self.path):
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute(_SCHEMA)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        params = {"key": key, "amount": amount, "now": time.time(), "expiry": expiry}
        return int(self._conn().execute(_INCR, params).fetchone()[0])

    def get(self, key: str) -> int:
        row = (
            self._conn()
            .execute("SELECT count FROM counter WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._conn().execute("SELECT expires FROM counter WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row and row[0] > time.time() else time.time()

    def check(self) -> bool:
        try:
            self._conn().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        return self._conn().execute("DELETE FROM counter").rowcount

    def clear(self, key: str) -> None:
        self._conn().execute("DELETE FROM counter WHERE key = ?", (key,))

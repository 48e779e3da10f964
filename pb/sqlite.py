"""SQLite under several gunicorn workers: WAL, a busy timeout, and write transactions that take
the write lock when they begin (BEGIN IMMEDIATE). Otherwise a transaction that reads and then
writes fails with "database is locked" instead of waiting its turn.

Reads stay deferred so that pages render concurrently; a request that may write (POST and
friends) and every CLI command begins immediately.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

_immediate: ContextVar[bool] = ContextVar("pb_sqlite_immediate", default=True)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def init_app(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    _private(engine.url.database)
    # Short, so that a held lock ends in a clear 503 (pb/busy.py) instead of a stuck worker.
    busy_ms = int(float(app.config["PB_DB_BUSY_SECONDS"]) * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's begin event, not the driver, open transactions.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")

    @app.before_request
    def _choose_begin() -> None:
        view = app.view_functions.get(request.endpoint or "")
        writes = request.method in WRITE_METHODS and not getattr(view, "pb_read_only", False)
        _immediate.set(writes)


def _private(database: str | None) -> None:
    """The database file readable by its owner only: it holds codes' hashes and, until the
    count, sealed ballots. SQLite creates the -wal and -shm files with the database file's
    mode, so making the file first with 0600 covers them too."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and file.stat().st_uid == os.getuid() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


def read_only(view):
    """Mark a POST view that only reads (code entry, ballot review): its transaction begins
    deferred, so it does not queue behind writers for the write lock."""
    view.pb_read_only = True
    return view


@contextmanager
def deferred() -> Iterator[None]:
    """Transactions begun inside begin deferred: for a read that must not wait for the write
    lock even in a POST (the site settings read while rendering the "busy" page)."""
    token = _immediate.set(False)
    try:
        yield
    finally:
        _immediate.reset(token)

"""SQLite under several gunicorn workers: WAL, a busy timeout, and write transactions that take
the write lock when they begin (BEGIN IMMEDIATE). Otherwise a transaction that reads and then
writes fails with "database is locked" instead of waiting its turn.

Reads stay deferred so that pages render concurrently; a request that may write (POST and
friends) and every CLI command begins immediately.
"""

from __future__ import annotations

from contextvars import ContextVar

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

_immediate: ContextVar[bool] = ContextVar("pb_sqlite_immediate", default=True)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def init_app(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's begin event, not the driver, open transactions.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
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


def read_only(view):
    """Mark a POST view that only reads (code entry, ballot review): its transaction begins
    deferred, so it does not queue behind writers for the write lock."""
    view.pb_read_only = True
    return view

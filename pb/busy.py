"""A database that is busy answers quickly: a lock held past PB_DB_BUSY_SECONDS (SQLite's busy
timeout; PostgreSQL's lock_timeout) ends the request with a 503 "busy, try again" page and a
Retry-After, so that a stuck writer cannot hold every gunicorn worker for 30 s and then hand
residents a generic 500. Nothing was written: the transaction rolls back."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

RETRY_AFTER = 5
# SQLite: "database is locked" / "database table is locked"; PostgreSQL: lock_not_available.
_BUSY_WORDS = ("database is locked", "database table is locked", "lock timeout", "locknotavailable")


def is_busy(error: BaseException) -> bool:
    orig = getattr(error, "orig", None)
    if getattr(orig, "sqlstate", None) == "55P03":
        return True
    text = f"{type(orig).__name__} {orig}".lower()
    return any(word in text for word in _BUSY_WORDS)


def init_app(app: Flask, engine: Engine) -> None:
    seconds = float(app.config["PB_DB_BUSY_SECONDS"])
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _lock_timeout(dbapi_conn, _record) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET lock_timeout = {int(seconds * 1000)}")
            dbapi_conn.commit()

    @app.errorhandler(OperationalError)
    def _busy(error: OperationalError):
        if not is_busy(error):
            raise error
        page = render_template(
            "errors/error.html",
            code=503,
            title=_("Busy, please try again"),
            message=_(
                "Many people are using the site right now. Nothing was saved. Please try "
                "again in %(seconds)s seconds.",
                seconds=RETRY_AFTER,
            ),
        )
        return page, 503, {"Retry-After": str(RETRY_AFTER)}

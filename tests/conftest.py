"""Shared fixtures: a fresh app per test on a tmp_path instance (SQLite); `db_app` runs a test
once on SQLite and, when PB_TEST_DATABASE_URL is set, once more on PostgreSQL in a schema of
its own that is dropped afterwards. Rows come from tests/factories.py; what the machine must
provide (PB_REQUIRE) from tests/requirements.py."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from pb.app import create_app
from pb.extensions import db as _db
from tests.factories import sign_in_as
from tests.hardening.table import (  # noqa: F401  (hooks: the README's hardening table)
    _attack_property,
    pytest_runtest_logreport,
    pytest_sessionfinish,
)
from tests.requirements import PABULIB, PG_URL, ROOT, missing_required, need

__all__ = ["DATA", "PABULIB", "ROOT", "SLOW", "built_app", "pabulib_file", "pabulib_files"]

DATA = Path(__file__).resolve().parent / "data"
SLOW = os.environ.get("PB_SLOW") == "1"
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


def pytest_configure(config):
    # Before collection, so a missing requirement stops the run with one clear message
    # instead of dozens of skips or uncollected PostgreSQL variants.
    missing = missing_required()
    if missing:
        raise pytest.UsageError(
            "PB_REQUIRE lists what this machine does not provide:\n  " + "\n  ".join(missing)
        )


# --- ../shared/pabulib -----------------------------------------------------------------------


def pabulib_file(name: str) -> Path:
    path = PABULIB / name
    if not path.exists():
        need("pabulib", f"{name} needs ../shared/pabulib")
    return path


def pabulib_files() -> list[Path]:
    return sorted(PABULIB.glob("*.pb")) if PABULIB.is_dir() else []


# --- apps and databases ----------------------------------------------------------------------


def app_config(tmp_path, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pb.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PB_UPLOAD_DIR": str(tmp_path / "uploads"),
        **overrides,
    }


@contextmanager
def pg_schema(url: str = PG_URL) -> Iterator[dict]:
    """A fresh PostgreSQL schema; yields the engine options that put it first on the path."""
    name = "pbtest_" + secrets.token_hex(6)
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    try:
        yield {"pool_pre_ping": True, "connect_args": {"options": f"-csearch_path={name}"}}
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


@contextmanager
def built_app(tmp_path, backend: str = "sqlite", **overrides) -> Iterator[Flask]:
    with pg_schema() if backend == "postgresql" else _nothing() as engine_options:
        config = app_config(tmp_path, **overrides)
        if engine_options is not None:
            config["SQLALCHEMY_DATABASE_URI"] = PG_URL
            config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
        app = create_app(config, instance_path=str(tmp_path))
        with app.app_context():
            _db.create_all()
        try:
            yield app
        finally:
            with app.app_context():
                _db.session.remove()
                _db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    with built_app(tmp_path) as app:
        yield app


@pytest.fixture(params=BACKENDS)
def db_app(request, tmp_path):
    """Like `app`, on every database backend available (SQLite; PostgreSQL when configured)."""
    with built_app(tmp_path, request.param) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db


@pytest.fixture
def ctx(db_app):
    """An app context on every database backend available (the service tests)."""
    with db_app.app_context():
        yield _db


# --- signed-in clients -----------------------------------------------------------------------


@pytest.fixture
def staff_client(app):
    client = app.test_client()
    sign_in_as(client, app, "staff")
    return client


@pytest.fixture
def delegate_client(app):
    client = app.test_client()
    sign_in_as(client, app, "delegate")
    return client

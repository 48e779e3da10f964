"""App fixtures: a fresh app per test on a tmp_path instance (SQLite), or on PostgreSQL when
PB_TEST_DATABASE_URL is set and the test asks for `pg_or_sqlite_url`."""

from __future__ import annotations

import pytest

from pb.app import create_app
from pb.extensions import db as _db


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pb.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PB_UPLOAD_DIR": str(tmp_path / "uploads"),
        },
        instance_path=str(tmp_path),
    )
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db

"""Submitting ideas is rate limited per client (the other tests switch the limiter off)."""

import pytest

from pb.app import create_app
from pb.extensions import db
from pb.models.ideas import Idea
from tests.factories import make_cycle
from tests.web.test_ideas_public import FORM


@pytest.fixture
def limited_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pb.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "PB_IDEA_RATE_LIMIT": "2 per hour",
            "PB_UPLOAD_DIR": str(tmp_path / "uploads"),
        },
        instance_path=str(tmp_path),
    )
    with app.app_context():
        db.create_all()
        make_cycle()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_submissions_are_limited_per_client(limited_app):
    client = limited_app.test_client()
    # A refused form does not use up the allowance.
    assert client.post("/c/town/ideas/new", data=dict(FORM, title="")).status_code == 422
    for i in range(2):
        assert (
            client.post("/c/town/ideas/new", data=dict(FORM, title=f"Idea {i}")).status_code == 303
        )
    r = client.post("/c/town/ideas/new", data=dict(FORM, title="One too many"))
    assert r.status_code == 429 and b"Too many requests" in r.data
    # Another client (another address) still may.
    other = limited_app.test_client()
    r = other.post(
        "/c/town/ideas/new",
        data=dict(FORM, title="From elsewhere"),
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert r.status_code == 303
    with limited_app.app_context():
        titles = set(db.session.scalars(db.select(Idea.title)))
    assert titles == {"Idea 0", "Idea 1", "From elsewhere"}
    # Reading is never limited.
    assert client.get("/c/town/ideas").status_code == 200

"""Every staff URL of the platform: anonymous -> sign-in page, delegate -> 403, staff -> in."""

import tempfile

import pytest

from pb.app import create_app
from pb.extensions import db
from pb.models import User
from tests.vote_factories import make_user

STAFF_ONLY_MODULES = {
    "pb.web.admin.audit",
    "pb.web.admin.cycles",
    "pb.web.admin.budgets",
    "pb.web.admin.projects",
    "pb.web.admin.codes",
    "pb.web.admin.count",
}


def _routes() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tmp
        )
    routes = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint.startswith("admin.") and view.__module__ in STAFF_ONLY_MODULES:
            method = "GET" if "GET" in rule.methods else "POST"
            url = rule.rule
            for arg in rule.arguments:
                url = url.replace(f"<int:{arg}>", "1").replace(f"<{arg}>", "1")
            routes.append((method, url))
    return sorted(routes)


ROUTES = _routes()


def test_the_route_list_is_complete():
    assert len(ROUTES) >= 15
    assert ("POST", "/admin/c/1/open") in ROUTES


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, method, url):
    r = client.open(url, method=method)
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def sign_in(client, app, role):
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(role=role)) or make_user(role)
        user_id = user.id
    with client.session_transaction() as s:
        s["_user_id"] = str(user_id)
        s["_fresh"] = True


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_a_delegate_is_refused_staff_pages(client, app, method, url):
    sign_in(client, app, "delegate")
    assert client.open(url, method=method).status_code == 403


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_staff_get_past_the_guard(client, app, method, url):
    sign_in(client, app, "staff")
    assert client.open(url, method=method).status_code in (200, 302, 404, 422)

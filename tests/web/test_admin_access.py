"""Every staff URL, read from the app's URL map (no path is written here): anonymous -> the
sign-in page, a delegate -> 403 where a view is for staff only, staff -> past the guard.

URL arguments get the ids of real rows (a cycle with a budget, a project being tracked, a code
batch, an idea and a proposal), so a 404 means a broken page, never a made-up id. An old
address that redirects may only redirect to another staff URL, which is then held to the same
rules as if it had been asked for directly."""

from __future__ import annotations

import inspect
import tempfile
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.test import TestResponse

from pb.app import create_app
from pb.domain.phases import Phase
from pb.extensions import db, login_manager
from pb.models.eligibility import Mailing
from pb.models.implementation import ProjectProgress
from pb.services import kiosks, paper
from tests.conftest import built_app
from tests.factories import (
    make_batch,
    make_budget,
    make_cycle,
    make_idea,
    make_proposal,
    sign_in_as,
)

REDIRECTS = (301, 307, 308)


def _admin_routes() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, tmp)
        return sorted(
            (rule.endpoint, method)
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("admin.")
            for method in rule.methods - {"HEAD", "OPTIONS"}
        )


ROUTES = _admin_routes()
IDS = [f"{method} {endpoint}" for endpoint, method in ROUTES]


def staff_roles(view: Callable) -> tuple[str, ...] | None:
    """The roles `pb.web.auth.staff_required` lets through to `view`, or None when the view
    has no such guard (the blueprint's own rule then admits delegates too)."""
    stack, seen = [view], set()
    while stack:
        f = stack.pop()
        if not inspect.isfunction(f) or id(f) in seen:
            continue
        seen.add(id(f))
        cells = {}
        for name, cell in zip(f.__code__.co_freevars, f.__closure__ or (), strict=True):
            try:
                cells[name] = cell.cell_contents
            except ValueError:  # a cell not filled yet
                continue
        if f.__code__.co_qualname.startswith("staff_required.") and "allowed" in cells:
            return tuple(cells["allowed"])
        stack.extend(cells.values())
        stack.append(getattr(f, "__wrapped__", None))
    return None


def staff_only(app: Flask, endpoint: str) -> bool:
    roles = staff_roles(app.view_functions[endpoint])
    return roles is not None and "delegate" not in roles


def world(app: Flask) -> dict[str, object]:
    """One row of everything a staff URL can name, and the value of each URL argument."""
    with app.app_context():
        cycle = make_cycle("access", phase=Phase.PROPOSALS)
        budget = make_budget(cycle)
        project = budget.projects[0]
        db.session.add(ProjectProgress(project_id=project.id, allocated=project.cost))
        idea = make_idea(cycle)
        mailing = Mailing(cycle_id=cycle.id, label="members")
        db.session.add(mailing)
        db.session.flush()
        values = {
            "slug": cycle.slug,
            "cycle_id": cycle.id,
            "budget_id": budget.id,
            "project_id": project.id,
            "batch_id": make_batch(cycle).id,
            "idea_id": idea.id,
            "proposal_id": make_proposal(cycle, ideas=[idea]).id,
            "kiosk_id": kiosks.enrol(None, cycle, "Hall")[0].id,
            "paper_batch_id": paper.create_batch(None, make_budget(cycle), "Hall", 5).id,
            "mailing_id": mailing.id,
        }
        db.session.commit()
        return values


def url(app: Flask, endpoint: str, method: str, values: dict[str, object]) -> str:
    (rule,) = [r for r in app.url_map.iter_rules(endpoint) if method in r.methods]
    unknown = rule.arguments - set(values)
    if unknown:
        pytest.fail(
            f"{endpoint} ({rule.rule}) takes {', '.join(sorted(unknown))}: give world() a row "
            "for it and map the argument name to its id",
            pytrace=False,
        )
    with app.test_request_context():
        return url_for(endpoint, **{name: values[name] for name in rule.arguments})


def ask(app: Flask, client, endpoint: str, method: str, values) -> tuple[TestResponse, str, str]:
    """Request the endpoint and follow redirects of old addresses, which must stay among the
    staff URLs. Returns the last response, and the endpoint and path that gave it."""
    path = url(app, endpoint, method, values)
    for _hop in range(4):
        response = client.open(path, method=method)
        if response.status_code not in REDIRECTS:
            return response, endpoint, path
        target = urlsplit(response.headers["Location"])
        assert not target.netloc or target.netloc == "localhost", response.headers["Location"]
        try:
            endpoint, _args = app.url_map.bind("localhost").match(target.path, method=method)
        except HTTPException:
            pytest.fail(f"{path} redirects to {target.path}, which no {method} view answers")
        assert endpoint.startswith("admin."), f"{path} redirects outside the staff pages"
        path = target.path + (f"?{target.query}" if target.query else "")
    pytest.fail(f"{path}: too many redirects")


def sent_to_sign_in(app: Flask, response: TestResponse, path: str) -> bool:
    if response.status_code != 302:
        return False
    with app.test_request_context():
        login = url_for(login_manager.login_view)
    target = urlsplit(response.headers["Location"])
    return target.path == login and parse_qs(target.query).get("next") == [path]


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory):
    """One app for the requests that are refused, and so change nothing."""
    with built_app(tmp_path_factory.mktemp("access")) as app:
        yield app, world(app)


@pytest.fixture(scope="module")
def csrf_world(tmp_path_factory):
    with built_app(tmp_path_factory.mktemp("csrf"), WTF_CSRF_ENABLED=True) as app:
        yield app, world(app)


def test_the_url_map_has_staff_pages_for_each_audience(shared_world):
    app, _values = shared_world
    assert len(ROUTES) >= 40
    endpoints = {endpoint for endpoint, _method in ROUTES}
    assert sum(staff_only(app, e) for e in endpoints) >= 30, "staff_required is not recognized"
    assert any(e.startswith("admin.proposal") and not staff_only(app, e) for e in endpoints)


@pytest.mark.parametrize(("endpoint", "method"), ROUTES, ids=IDS)
def test_anonymous_is_sent_to_sign_in(shared_world, endpoint, method):
    app, values = shared_world
    response, _reached, path = ask(app, app.test_client(), endpoint, method, values)
    assert sent_to_sign_in(app, response, path), (
        f"{method} {path} answered {response.status_code} {response.location or ''}"
    )


@pytest.mark.parametrize(("endpoint", "method"), ROUTES, ids=IDS)
def test_anonymous_posts_without_a_csrf_token_are_refused_or_sent_to_sign_in(
    csrf_world, endpoint, method
):
    # With CSRF protection on, as in production, the token check may answer first.
    app, values = csrf_world
    response, _reached, path = ask(app, app.test_client(), endpoint, method, values)
    refused_by_csrf = method == "POST" and response.status_code == 400
    assert refused_by_csrf or sent_to_sign_in(app, response, path), (
        f"{method} {path} answered {response.status_code} {response.location or ''}"
    )


@pytest.mark.parametrize(("endpoint", "method"), ROUTES, ids=IDS)
def test_a_delegate_is_refused_staff_pages(shared_world, endpoint, method):
    app, values = shared_world
    client = app.test_client()
    sign_in_as(client, app, "delegate")
    response, reached, path = ask(app, client, endpoint, method, values)
    if staff_only(app, reached):
        assert response.status_code == 403, f"{method} {path}: {response.status_code}"
    else:
        assert response.status_code not in (403, 404, 500), f"{method} {path}"
        assert not sent_to_sign_in(app, response, path)


@pytest.mark.parametrize(("endpoint", "method"), ROUTES, ids=IDS)
def test_staff_get_past_the_guard(tmp_path, endpoint, method):
    with built_app(tmp_path) as app:
        values = world(app)
        client = app.test_client()
        sign_in_as(client, app, "staff")
        response, reached, path = ask(app, client, endpoint, method, values)
        if staff_roles(app.view_functions[reached]) == ("admin",):  # site settings: admins only
            assert response.status_code == 403, f"{method} {path}: {response.status_code}"
            return
        assert response.status_code not in (401, 403, 404, 405, 500), (
            f"{method} {path}: {response.status_code}"
        )
        assert not sent_to_sign_in(app, response, path)

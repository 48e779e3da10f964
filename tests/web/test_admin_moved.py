"""The staff pages live under /admin/c/<slug>/: every old address answers 308 to its new one
(a POST is posted again), behind the same sign-in; an object asked for under another cycle's
slug is a 404; CSRFProtect alone guards the staff forms."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import CodeBatch, Cycle
from pb.models.implementation import ProjectProgress
from pb.web.admin.moved import MOVED
from tests.conftest import built_app
from tests.factories import (
    make_budget,
    make_codes,
    make_cycle,
    make_idea,
    make_proposal,
    make_user,
    sign_in,
)


def link(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


@pytest.fixture
def ids(db):
    cycle = make_cycle("town", phase=Phase.PROPOSALS)
    budget = make_budget(cycle)
    project = budget.projects[0]
    make_codes(cycle, 2)
    db.session.add(ProjectProgress(project_id=project.id, allocated=project.cost))
    db.session.commit()
    return {
        "cycle_id": cycle.id,
        "budget_id": budget.id,
        "project_id": project.id,
        "batch_id": db.session.scalar(db.select(CodeBatch.id)),
        "idea_id": make_idea(cycle).id,
        "proposal_id": make_proposal(cycle).id,
    }


def _old(rule: str, ids: dict[str, int]) -> tuple[str, dict[str, int]]:
    used = {k: v for k, v in ids.items() if f"<int:{k}>" in rule}
    url = "/admin" + rule
    for key, value in used.items():
        url = url.replace(f"<int:{key}>", str(value))
    return url, used


@pytest.mark.parametrize(("rule", "methods", "endpoint"), MOVED)
def test_every_old_address_answers_308_to_its_new_one(app, client, ids, rule, methods, endpoint):
    sign_in(client, make_user("staff"))
    old, used = _old(rule, ids)
    used.pop("cycle_id", None)
    new = link(app, endpoint, slug="town", **used)
    assert new.startswith("/admin/c/town")
    for method in methods:
        r = client.open(old, method=method)
        assert (r.status_code, r.headers["Location"]) == (308, new), method


def test_a_form_posted_to_an_old_address_is_posted_again(app, client, ids):
    sign_in(client, make_user("staff"))
    r = client.post(f"/admin/cycles/{ids['cycle_id']}/close", follow_redirects=True)
    assert r.status_code == 200 and "Voting is not open" in r.text
    r = client.post(
        f"/admin/budgets/{ids['budget_id']}/edit",
        data={
            "name": "Renamed",
            "amount": "900",
            "currency": "EUR",
            "ballot_kind": "approval",
            "rule": "greedy",
            "tie_break": "id",
        },
        follow_redirects=True,
    )
    assert r.status_code == 200 and r.request.path == "/admin/c/town"
    assert "Saved." in r.text and "Renamed" in r.text


def test_old_addresses_keep_the_query_and_the_sign_in(app, client, ids):
    r = client.get(f"/admin/cycles/{ids['cycle_id']}")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    sign_in(client, make_user("delegate"))
    r = client.get(f"/admin/ideas/{ids['idea_id']}?from=mail")
    assert r.status_code == 308
    assert r.headers["Location"] == f"/admin/c/town/ideas/{ids['idea_id']}?from=mail"
    assert client.get(r.headers["Location"]).status_code == 200
    assert client.get("/admin/cycles/999999").status_code == 404
    assert client.get("/admin/ideas/999999").status_code == 404


@pytest.mark.parametrize(
    ("method", "endpoint", "key"),
    [
        ("GET", "admin.budget_edit", "budget_id"),
        ("POST", "admin.budget_delete", "budget_id"),
        ("POST", "admin.count_run", "budget_id"),
        ("GET", "admin.project_new", "budget_id"),
        ("GET", "admin.project_edit", "project_id"),
        ("POST", "admin.project_delete", "project_id"),
        ("POST", "admin.batch_void", "batch_id"),
        ("GET", "admin.idea_detail", "idea_id"),
        ("POST", "admin.idea_publish", "idea_id"),
        ("GET", "admin.proposal_detail", "proposal_id"),
        ("POST", "admin.proposal_review", "proposal_id"),
        ("GET", "admin.impl_edit", "project_id"),
    ],
)
def test_an_object_under_another_cycles_slug_is_404(app, client, ids, method, endpoint, key):
    make_cycle("other", phase=Phase.PROPOSALS)
    sign_in(client, make_user("staff"))
    assert (
        client.open(link(app, endpoint, slug="town", **{key: ids[key]}), method=method).status_code
        != 404
    )
    r = client.open(link(app, endpoint, slug="other", **{key: ids[key]}), method=method)
    assert r.status_code == 404


def test_staff_forms_need_the_token_and_the_pages_carry_it(tmp_path):
    with built_app(tmp_path, WTF_CSRF_ENABLED=True) as app, app.app_context():
        make_cycle("town", phase=Phase.IDEAS)
        make_budget(db.session.scalar(db.select(Cycle)))
        client = app.test_client()
        sign_in(client, make_user("staff"))
        advance = link(app, "admin.phases_advance", slug="town")
        assert client.post(advance).status_code == 400
        page = client.get(link(app, "admin.phases_edit", slug="town")).text
        form = re.search(rf'action="{advance}">\s*<input[^>]*value="([^"]+)"', page)
        assert form, "the advance button's form carries the token"
        assert client.post(advance, data={"csrf_token": form.group(1)}).status_code == 303
        db.session.expire_all()
        assert db.session.scalar(db.select(Cycle.phase)) == "proposals"
        page = client.get(link(app, "admin.cycle", slug="town")).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        opened = client.post(
            link(app, "admin.voting_open", slug="town"), data={"csrf_token": token}
        )
        assert opened.status_code == 302

"""Every staff/delegate URL of ideas, proposals, implementation and phases: anonymous visitors
are sent to sign in; delegates get 403 on staff-only pages; unknown ids are 404."""

import pytest

from pb.domain.phases import Phase
from tests.factories import (
    make_budget,
    make_cycle,
    make_idea,
    make_project,
    make_proposal,
    make_user,
    sign_in,
)

# (method, url template, staff only)
URLS = [
    ("GET", "/admin/c/town/ideas", False),
    ("GET", "/admin/c/town/ideas/{idea}", False),
    ("POST", "/admin/c/town/ideas/{idea}/publish", True),
    ("POST", "/admin/c/town/ideas/{idea}/hide", True),
    ("POST", "/admin/c/town/ideas/{idea}/merge", True),
    ("POST", "/admin/c/town/ideas/{idea}/resolve-flags", True),
    ("GET", "/admin/c/town/ideas/settings", True),
    ("POST", "/admin/c/town/ideas/settings", True),
    ("GET", "/admin/c/town/proposals", False),
    ("GET", "/admin/c/town/proposals/new", False),
    ("POST", "/admin/c/town/proposals/new", False),
    ("GET", "/admin/c/town/proposals/{proposal}/edit", False),
    ("POST", "/admin/c/town/proposals/{proposal}/edit", False),
    ("GET", "/admin/c/town/proposals/{proposal}", False),
    ("POST", "/admin/c/town/proposals/{proposal}/review", True),
    ("POST", "/admin/c/town/proposals/{proposal}/promote", True),
    ("GET", "/admin/c/town/implementation", True),
    ("POST", "/admin/c/town/implementation/track", True),
    ("GET", "/admin/c/town/projects/{project}/progress", True),
    ("POST", "/admin/c/town/projects/{project}/progress/status", True),
    ("POST", "/admin/c/town/projects/{project}/progress/updates", True),
    ("GET", "/admin/c/town/phases", True),
    ("POST", "/admin/c/town/phases", True),
    ("POST", "/admin/c/town/phases/advance", True),
    ("POST", "/admin/c/town/phases/set", True),
]


@pytest.fixture
def ids(db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    project = make_project(make_budget(cycle))
    from pb.models.implementation import ProjectProgress

    db.session.add(ProjectProgress(project_id=project.id, allocated=project.cost))
    db.session.commit()
    return {
        "idea": make_idea(cycle).id,
        "proposal": make_proposal(cycle, review="pending").id,
        "project": project.id,
    }


def test_every_admin_url_is_registered(app):
    rules = {
        r.rule
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/admin/") and not r.endpoint.startswith("admin.moved.")
    }
    mine = {
        r
        for r in rules
        if any(k in r for k in ("/ideas", "/proposals", "/implementation", "/progress", "/phases"))
    }
    tested = {
        u.format(
            idea="<int:idea_id>", proposal="<int:proposal_id>", project="<int:project_id>"
        ).replace("/c/town/", "/c/<slug>/")
        for _, u, _ in URLS
    }
    assert mine == tested


@pytest.mark.parametrize("method,url,staff_only", URLS)
def test_anonymous_is_sent_to_sign_in(client, ids, method, url, staff_only):
    r = client.open(url.format(**ids), method=method)
    assert r.status_code == 302 and "/login" in r.headers["Location"]


@pytest.mark.parametrize("method,url,staff_only", URLS)
def test_delegate_is_refused_staff_only_pages(client, ids, method, url, staff_only):
    sign_in(client, make_user("delegate"))
    r = client.open(url.format(**ids), method=method)
    if staff_only:
        assert r.status_code == 403
    else:
        assert r.status_code in (200, 303, 422)  # allowed (an empty POST is a form error)


@pytest.mark.parametrize("method,url,staff_only", URLS)
def test_staff_may_open_every_page(client, ids, method, url, staff_only):
    sign_in(client, make_user("staff"))
    r = client.open(url.format(**ids), method=method)
    assert r.status_code in (200, 303, 409, 422)


@pytest.mark.parametrize(
    "method,url",
    sorted({(m, u) for m, u, _ in URLS if "{" in u or "/c/town/" in u}),
)
def test_unknown_ids_are_404(client, ids, method, url):
    sign_in(client, make_user("admin"))
    missing = {k: 999_999 for k in ids}
    target = url.format(**missing).replace("/c/town/", "/c/nowhere/")
    assert client.open(target, method=method).status_code == 404

import csv
import io
import re

import pytest
from flask import url_for
from markupsafe import escape
from PIL import Image

from pb.domain.tally.outcome import text_from_json
from pb.extensions import db
from pb.models import AuditEntry, Budget, Cycle, Project
from pb.web.i18n import translate
from tests.factories import sign_in_as as sign_in


@pytest.fixture
def app(db_app):
    """These flows run on every database backend available (see tests/conftest.py)."""
    return db_app


def png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(out, "PNG")
    out.seek(0)
    return out


def link(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def flashes(client, url) -> list[str]:
    return re.findall(r'<p class="flash[^>]*>([^<]*)', client.get(url).text)


def test_staff_run_a_vote_from_setup_to_published_results(client, app):
    sign_in(client, app, "staff")
    r = client.post(
        link(app, "admin.cycle_new"),
        data={"name": "Town 2025", "slug": "town", "languages": ["en"]},
    )
    assert r.status_code == 302  # one language: nothing to translate before opening
    with app.app_context():
        cycle_id = db.session.scalar(db.select(Cycle.id))
    page = client.get(link(app, "admin.budget_new", slug="town")).text
    assert "Method of Equal Shares" in page and 'value="equalshares"' in page  # the registry
    r = client.post(
        link(app, "admin.budget_new", slug="town"),
        data={
            "name": "City",
            "amount": "1000",
            "currency": "eur",
            "ballot_kind": "knapsack",
            "rule": "greedy",
            "tie_break": "id",
        },
    )
    assert r.status_code == 302
    with app.app_context():
        budget_id = db.session.scalar(db.select(Budget.id))
    for title, cost, category in [
        ("Trees", "600", "Parks"),
        ("Bikes", "500", "Streets"),
        ("Benches", "300", "Parks"),
    ]:
        r = client.post(
            link(app, "admin.project_new", slug="town", budget_id=budget_id),
            data={"title": title, "cost": cost, "category": category, "image": (png(), "x.png")},
            content_type="multipart/form-data",
        )
        assert r.status_code == 302
    r = client.post(
        link(app, "admin.project_new", slug="town", budget_id=budget_id),
        data={
            "title": "Bad",
            "cost": "5",
            "image": (io.BytesIO(b"<svg onload=alert(1)>"), "x.svg"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 422 and "JPEG, PNG or WebP" in r.text
    with app.app_context():
        projects = db.session.scalars(db.select(Project).order_by(Project.id)).all()
        assert [p.title for p in projects] == ["Trees", "Bikes", "Benches"]
        assert all(re.fullmatch(r"[0-9a-f]{32}\.png", p.image) for p in projects)
        ids = [str(p.id) for p in projects]

    client.post(link(app, "admin.voting_open", slug="town"))
    # Conflict: a clear refusal, audited.
    r = client.post(
        link(app, "admin.budget_edit", slug="town", budget_id=budget_id),
        data={
            "name": "City",
            "amount": "5",
            "currency": "EUR",
            "ballot_kind": "approval",
            "rule": "greedy",
            "tie_break": "id",
        },
    )
    assert r.status_code == 409 and "frozen" in r.text
    client.post(link(app, "admin.project_delete", slug="town", project_id=ids[0]))
    assert any("frozen" in m for m in flashes(client, link(app, "admin.cycle", slug="town")))
    with app.app_context():
        refused = db.session.scalars(db.select(AuditEntry).filter_by(action="refused")).all()
        assert [e.details_dict["attempted"] for e in refused] == ["budget.update", "project.delete"]
        assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 3

    # Codes: the CSV is the answer to the generating request, and nothing shows them again.
    r = client.post(
        link(app, "admin.codes_generate", slug="town"),
        data={"batch-size": "3", "batch-scope": "all"},
    )
    assert r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    assert r.headers["Cache-Control"] == "no-store"
    plain = [row["code"] for row in csv.DictReader(io.StringIO(r.text))]
    assert len(plain) == 3
    assert not any(c in client.get(link(app, "admin.codes", slug="town")).text for c in plain)
    r = client.post(link(app, "admin.codes_void", slug="town"), data={"void-code": plain[2]})
    assert r.status_code == 302

    client.post("/logout")
    voter = app.test_client()
    for code, choice in [(plain[0], [ids[0], ids[2]]), (plain[1], [ids[0]])]:
        assert voter.post("/vote/town/", data={"code": code}).status_code == 302
        assert (
            voter.post(f"/vote/town/b/{budget_id}/submit", data={"project": choice}).status_code
            == 302
        )
    assert voter.post("/vote/town/", data={"code": plain[2]}).status_code == 422  # void

    sign_in(client, app, "staff")
    page = client.get(link(app, "admin.cycle", slug="town")).text
    assert "2 of 3 codes issued have voted" in page and "City: 2 ballots" in page
    # no per-project numbers while voting (the rule's plain name may say "most votes")
    assert "Trees: 2" not in page and not re.search(r"\d votes", page)
    assert "runs after voting has closed" in client.get(link(app, "admin.count", slug="town")).text
    client.post(link(app, "admin.count_run", slug="town", budget_id=budget_id))
    assert client.get(link(app, "admin.count", slug="town")).status_code == 200
    assert voter.get("/c/town/results").status_code == 409

    client.post(link(app, "admin.voting_close", slug="town"))
    client.post(link(app, "admin.count_run", slug="town", budget_id=budget_id))
    assert "still has sealed ballots" in client.get(link(app, "admin.count", slug="town")).text
    assert "2 sealed ballots wait" in client.get(link(app, "admin.count", slug="town")).text
    client.post(link(app, "admin.envelopes_open", slug="town"))
    opened = client.get(link(app, "admin.count", slug="town")).text
    assert "Opened 2 sealed ballots; 0 could not be counted." in opened
    assert "City: 2 sealed ballots opened, all counted." in opened
    client.post(link(app, "admin.count_run", slug="town", budget_id=budget_id))
    review = client.get(link(app, "admin.count", slug="town")).text
    assert "Counted 2 ballots of City" in review and "Funded" in review
    assert voter.get("/c/town/results").status_code == 409  # reviewed, not yet published
    r = client.post(link(app, "admin.publish", slug="town"))
    assert r.status_code == 302 and r.headers["Location"].endswith("/c/town/results")

    results = voter.get("/c/town/results").text
    assert 'class="barchart"' in results and results.count('class="track"') == 3
    assert "Trees" in results and "Funded" in results and "Not funded" in results
    with app.app_context():
        from pb.services.tallying import latest_counts

        count = latest_counts(db.session.get(Cycle, cycle_id), published=True)[budget_id]
        with app.test_request_context():
            for explanation in count.data["explanations"].values():
                shown = translate(text_from_json(explanation, "EUR"))
                assert shown.startswith(("Funded", "Not funded")) and str(escape(shown)) in results
        assert count.data["selected"] == [ids[0], ids[2]]
    assert "spent <strong>900 EUR</strong>" in results


def test_public_cycle_page_filters_by_category_and_district(client, app):
    from tests.factories import make_budget, make_cycle

    with app.app_context():
        cycle = make_cycle("town")
        make_budget(cycle, name="City")
        north = make_budget(cycle, name="North", district="North")
        for p in north.projects:
            p.title = "North " + p.title
        db.session.commit()
    page = client.get("/c/town").text
    assert ">North Project A<" in page and ">Project A<" in page
    page = client.get("/c/town?district=North").text
    assert ">North Project A<" in page and ">Project A<" not in page
    page = client.get("/c/town?category=Streets").text
    assert ">Project B<" in page and ">North Project B<" in page
    assert ">Project A<" not in page and ">North Project A<" not in page
    page = client.get("/c/town?category=Streets&district=North").text
    assert ">North Project B<" in page and ">Project B<" not in page
    assert 'for="f-category"' in page and 'for="f-district"' in page


def test_project_pages_belong_to_their_cycle(client, app):
    from tests.factories import make_budget, make_cycle

    with app.app_context():
        make_budget(make_cycle("one"))
        other = make_budget(make_cycle("two"))
        pid = other.projects[0].id
    assert client.get(f"/c/two/projects/{pid}").status_code == 200
    assert client.get(f"/c/one/projects/{pid}").status_code == 404

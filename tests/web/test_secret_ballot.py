"""The secret ballot in the web layer: voter sessions that say nothing and end on the server,
review pages of one length, no-store, and counting keys kept by the server or by trustees."""

from __future__ import annotations

import base64
import io
import itertools
import json
import re

import pytest
from flask import url_for

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Ballot, Envelope, Participation
from pb.models.envelope import CountingKey
from pb.services import counting_keys
from tests.factories import make_budget, make_codes, make_cycle, pids, set_phase, sign_in_as


@pytest.fixture
def vote(app):
    with app.app_context():
        cycle = make_cycle("city")
        approval = make_budget(cycle, "approval", amount=1000, name="City")
        ranked = make_budget(cycle, "ranked", name="Ranked", max_picks=3)
        points = make_budget(cycle, "cumulative", name="Points", total_points=5)
        knapsack = make_budget(cycle, "knapsack", amount=600, name="Knap")
        set_phase(cycle, Phase.VOTING)
        return {
            "codes": make_codes(cycle, 3),
            "approval": (approval.id, pids(approval)),
            "ranked": (ranked.id, pids(ranked)),
            "points": (points.id, pids(points)),
            "knapsack": (knapsack.id, pids(knapsack)),
        }


def link(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def cookie_session(client) -> dict:
    """What the browser's session cookie says, decoded as anyone holding the device can."""
    raw = client.get_cookie("session").value
    payload = raw.split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return json.loads(data)


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(db.select(db.func.count()).select_from(Envelope)),
            db.session.scalar(db.select(db.func.count()).select_from(Participation)),
        )


def test_the_cookie_holds_a_random_token_not_the_code(app, client, vote):
    client.post("/vote/city/", data={"code": vote["codes"][0]})
    voter = cookie_session(client)["voter"]
    assert set(voter) == {"t", "seen"} and len(voter["t"]) >= 40
    with app.app_context():
        ids = {str(i) for i in db.session.scalars(db.text("SELECT id FROM voter_code"))}
    assert voter["t"] not in ids


def test_a_saved_cookie_votes_no_more_after_i_am_done(app, client, vote):
    budget, projects = vote["approval"]
    client.post("/vote/city/", data={"code": vote["codes"][0]})
    saved = client.get_cookie("session").value
    assert client.post("/vote/city/leave").status_code == 302
    client.set_cookie("session", saved)  # the next person at the kiosk replays the old cookie
    r = client.post(f"/vote/city/b/{budget}/submit", data={"project": [projects[0]]})
    assert r.status_code == 409 and "enter your voting code" in r.text
    assert client.get(f"/vote/city/b/{budget}").status_code == 302  # back to code entry
    assert counts(app) == (0, 0)


def test_the_last_budget_ends_the_session_on_the_server(app, client, vote):
    client.post("/vote/city/", data={"code": vote["codes"][0]})
    saved = client.get_cookie("session").value
    for kind in ("approval", "ranked", "points", "knapsack"):
        budget, projects = vote[kind]
        form = {
            "approval": {"project": [projects[0]]},
            "ranked": {f"rank-{projects[0]}": "1"},
            "points": {f"points-{projects[0]}": "5"},
            "knapsack": {"project": [projects[3]]},
        }[kind]
        assert client.post(f"/vote/city/b/{budget}/submit", data=form).status_code == 302
    assert counts(app) == (4, 4)
    client.set_cookie("session", saved)
    assert client.get("/vote/city/budgets").status_code == 302  # the session is gone


def test_an_idle_session_ends(app, client, vote):
    budget, projects = vote["approval"]
    client.post("/vote/city/", data={"code": vote["codes"][0]})
    with client.session_transaction() as s:
        s["voter"] = {**s["voter"], "seen": s["voter"]["seen"] - 21 * 60}
    r = client.post(f"/vote/city/b/{budget}/submit", data={"project": [projects[0]]})
    assert r.status_code == 409
    assert counts(app) == (0, 0)


def test_vote_pages_are_not_stored_by_the_browser(client, vote):
    budget, projects = vote["approval"]
    assert client.get("/vote/city/").headers["Cache-Control"] == "no-store"
    client.post("/vote/city/", data={"code": vote["codes"][0]})
    for r in (
        client.get(f"/vote/city/b/{budget}"),
        client.post(f"/vote/city/b/{budget}", data={"project": [projects[0]]}),
        client.get("/vote/city/budgets"),
    ):
        assert r.headers["Cache-Control"] == "no-store"


def _selections(kind: str, projects: list[str]) -> list[dict]:
    subsets = [c for n in range(1, 5) for c in itertools.combinations(projects, n)]
    if kind in ("approval", "knapsack"):
        return [{"project": list(c)} for c in subsets]
    if kind == "ranked":
        return [
            {f"rank-{p}": str(r) for r, p in enumerate(order, 1)}
            for n in range(1, 4)
            for order in itertools.permutations(projects, n)
        ]
    return [
        {f"points-{p}": str(v) for p, v in zip(c, values, strict=True)}
        for c in subsets
        for values in itertools.product(range(1, 6), repeat=len(c))
        if sum(values) <= 5
    ]


# Each language words the review differently (Arabic's dual "2 points" is longer than its "5
# points"): the padding must still hide the choices in every one.
SUBMIT = {"en": "Submit my vote", "es": "Enviar mi voto", "ar": "أرسل صوتي"}


@pytest.mark.parametrize("lang", sorted(SUBMIT))
@pytest.mark.parametrize("kind", ["approval", "ranked", "points", "knapsack"])
def test_every_selection_gives_a_review_page_of_one_length(client, vote, kind, lang):
    budget, projects = vote[kind]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    client.post("/vote/city/", data={"code": vote["codes"][0]})
    lengths, reviewed = {}, 0
    for form in _selections(kind, projects):
        r = client.post(f"/vote/city/b/{budget}", data=form)
        if r.status_code == 200:  # over-budget knapsack ballots are refused, not reviewed
            assert f'<html lang="{lang}"' in r.text and SUBMIT[lang] in r.text
            lengths[len(r.data)] = form
            reviewed += 1
    assert reviewed >= 8 and len(lengths) == 1, lengths


def _trustee_cycle(app):
    with app.app_context():
        cycle = make_cycle("trust", phase=Phase.PROPOSALS)
        db.session.delete(db.session.get(CountingKey, cycle.id))  # no key chosen yet
        db.session.commit()
        budget = make_budget(cycle, "approval", name="Parks")
        return budget.id, pids(budget), make_codes(cycle, 2)


def _shares(page: str) -> list[str]:
    return re.findall(r'<p class="share-words">([a-z ]+)</p>', page)


def test_trustees_keep_the_key_from_opening_to_the_count(app, client):
    budget, projects, plain = _trustee_cycle(app)
    sign_in_as(client, app, "staff")
    r = client.post(
        link(app, "admin.key_trustees", slug="trust"),
        data={"trustees": "Ana\nBo\nCy", "threshold": "2"},
    )
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    shares = _shares(r.text)
    assert len(shares) == 3 and "shown once" in r.text
    # The page is the only copy: the key's page shows no share again.
    assert not _shares(client.get(link(app, "admin.counting_key", slug="trust")).text)

    # The vote cannot open before the trustees prove their shares rebuild the key.
    r = client.post(link(app, "admin.voting_open", slug="trust"), follow_redirects=True)
    assert "have not been checked" in r.text
    r = client.post(link(app, "admin.key_confirm", slug="trust"), data={"share": shares[:1]})
    assert r.status_code == 422 and "2 shares are needed" in r.text
    r = client.post(link(app, "admin.key_confirm", slug="trust"), data={"share": shares[1:]})
    assert r.status_code == 302
    r = client.post(link(app, "admin.voting_open", slug="trust"), follow_redirects=True)
    assert "Voting is open" in r.text

    voter = app.test_client()
    for code, project in zip(plain, projects, strict=False):
        voter.post("/vote/trust/", data={"code": code})
        voter.post(f"/vote/trust/b/{budget}/submit", data={"project": [project]})
    assert counts(app) == (2, 2)
    client.post(link(app, "admin.voting_close", slug="trust"))

    # Too few or wrong shares: refused, nothing changes.
    other = counting_keys.keyshares.split(bytes(range(32)), 2, 2)
    for given in ([shares[0]], other):
        r = client.post(
            link(app, "admin.envelopes_open", slug="trust"),
            data={"share": given},
            follow_redirects=True,
        )
        assert "Nothing was changed" in r.text
        assert counts(app) == (2, 2)
    # Shares also come as files.
    files = [
        (io.BytesIO(f"Trustee\n\n{s}\n".encode()), f"share-{i}.txt")
        for i, s in enumerate(shares[1:])
    ]
    r = client.post(
        link(app, "admin.envelopes_open", slug="trust"),
        data={"share_file": files},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Opened 2 sealed ballots; 0 could not be counted." in r.text
    assert counts(app)[0] == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 2


def test_a_spoiled_envelope_is_shown_to_staff_and_not_counted(app, client, vote):
    budget, projects = vote["approval"]
    client.post("/vote/city/", data={"code": vote["codes"][0]})
    client.post(f"/vote/city/b/{budget}/submit", data={"project": [projects[0]]})
    client.post("/vote/city/leave")
    with app.app_context():
        envelope = db.session.scalars(db.select(Envelope)).one()
        broken = bytearray(envelope.sealed)
        broken[-1] ^= 1
        envelope.sealed = bytes(broken)
        number = envelope.id[:8]
        db.session.commit()
    staff = app.test_client()
    sign_in_as(staff, app, "staff")
    staff.post(link(app, "admin.voting_close", slug="city"))
    r = staff.post(link(app, "admin.envelopes_open", slug="city"), follow_redirects=True)
    assert "Opened 1 sealed ballot; 1 could not be counted." in r.text
    assert f"Envelope {number}: the envelope does not open" in r.text

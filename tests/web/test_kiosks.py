"""A device enrolled as a kiosk: its own cookie, no staff pages, a fresh start after every voter
(after the last budget, after "I am done", after the timeout, on the server), post/redirect/get
and no-store, ballots sealed with the channel "kiosk", and code-entry limits that a queue of
residents with typos never reaches."""

from __future__ import annotations

import time

import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import CodeBatch, Cycle
from pb.models.kiosk import Kiosk
from tests.conftest import built_app
from tests.factories import (
    PASSWORD,
    make_budget,
    make_codes,
    make_cycle,
    pids,
    sealed,
    set_phase,
    sign_in_as,
)


@pytest.fixture
def app(db_app):
    return db_app


@pytest.fixture
def setup(app):
    with app.app_context():
        cycle = make_cycle("city")
        city = make_budget(cycle, "approval", name="City")
        north = make_budget(cycle, "approval", name="North", district="North")
        set_phase(cycle, Phase.VOTING)
        return {
            "codes": make_codes(cycle, 4),
            "city": city.id,
            "north": north.id,
            "city_p": pids(city),
            "north_p": pids(north),
        }


def enrol(app, location="Library", **extra):
    """A device where staff signed in and enrolled it as a kiosk of 'city'."""
    device = app.test_client()
    sign_in_as(device, app, "staff")
    r = device.post("/admin/c/city/kiosks/enrol", data={"enrol-location": location, **extra})
    assert r.status_code == 303 and r.headers["Location"].endswith("/vote/city/")
    assert "pb_kiosk=" in r.headers["Set-Cookie"]
    return device


def test_enrolling_signs_staff_out_and_the_kiosk_reaches_no_staff_page(app, setup):
    device = enrol(app)
    with device.session_transaction() as s:
        assert "_user_id" not in s  # the staff session is gone on this device
    for path in ("/admin/", "/admin/c/city/kiosks", "/admin/c/city/codes"):
        r = device.get(path)
        assert r.status_code == 302 and r.headers["Location"].endswith("/vote/city/"), path
    # Signing in again is possible; other public pages lead back to the kiosk's start screen; its own vote stays open.
    assert device.get("/").headers["Location"].endswith("/vote/city/")
    assert device.get("/login").status_code == 200
    page = device.get("/vote/city/")
    assert page.status_code == 200 and 'class=" kiosk"' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    with app.app_context():
        (kiosk,) = db.session.scalars(db.select(Kiosk)).all()
        assert kiosk.location == "Library" and len(kiosk.token_hash) == 64


def test_staff_see_and_revoke_kiosks(app, setup):
    device = enrol(app, "School hall")
    staff = app.test_client()
    sign_in_as(staff, app, "staff")
    page = staff.get("/admin/c/city/kiosks").text
    assert "School hall" in page and "active" in page
    with app.app_context():
        kiosk_id = db.session.scalar(db.select(Kiosk.id))
    r = staff.post(f"/admin/c/city/kiosks/{kiosk_id}/revoke")
    assert r.status_code == 302
    assert "revoked" in staff.get("/admin/c/city/kiosks").text
    r = device.get("/")  # an ordinary browser again: the cookie is dropped
    assert r.status_code == 200 and "pb_kiosk=;" in r.headers.get("Set-Cookie", "")


def vote(device, budget, project):
    r = device.post(f"/vote/city/b/{budget}", data={"project": [project]})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/b/{budget}/review")
    review = device.get(r.headers["Location"])
    assert review.status_code == 200 and "Submit my vote" in review.text
    return device.post(f"/vote/city/b/{budget}/submit", data={"project": [project]})


def test_after_the_last_budget_the_kiosk_starts_over(app, setup):
    device = enrol(app)
    r = device.post("/vote/city/", data={"code": setup["codes"][0]})
    assert r.status_code == 303
    assert (
        vote(device, setup["city"], setup["city_p"][0])
        .headers["Location"]
        .endswith(f"/recorded/{setup['city']}")
    )
    r = vote(device, setup["north"], setup["north_p"][0])
    assert r.status_code == 303 and r.headers["Location"].endswith("/vote/city/")
    assert "ready for the next voter" in device.get("/vote/city/").text
    with device.session_transaction() as s:
        assert "voter" not in s and "k" not in s
    # Back and Refresh of the voter's pages show nothing of them.
    for path in (
        "/vote/city/budgets",
        f"/vote/city/b/{setup['city']}/review",
        f"/vote/city/recorded/{setup['north']}",
    ):
        r = device.get(path)
        assert setup["codes"][0] not in r.text and "You can still vote" not in r.text
    with app.app_context():
        assert sorted(c.answers["channel"] for c in sealed()) == ["kiosk", "kiosk"]


def test_i_am_done_returns_to_the_start_screen(app, setup):
    device = enrol(app)
    device.post("/vote/city/", data={"code": setup["codes"][0]})
    vote(device, setup["city"], setup["city_p"][0])
    page = device.get(f"/vote/city/recorded/{setup['city']}").text
    assert "North" in page and "data-kiosk-idle=" in page
    r = device.post("/vote/city/leave")
    assert r.status_code == 303 and r.headers["Location"].endswith("/vote/city/")
    r = device.get(f"/vote/city/b/{setup['north']}")
    assert r.status_code == 302 and r.headers["Location"].endswith("/vote/city/")


def test_the_timeout_ends_the_voter_on_the_server_even_if_the_cookie_is_replayed(app, setup):
    with app.app_context():
        db.session.execute(db.update(Cycle).values(kiosk_idle_seconds=1))
        db.session.commit()
    device = enrol(app)
    device.post("/vote/city/", data={"code": setup["codes"][0]})
    with device.session_transaction() as s:
        saved = dict(s)
    time.sleep(1.5)
    r = device.post(f"/vote/city/b/{setup['city']}/submit", data={"project": [setup["city_p"][0]]})
    assert r.status_code == 303  # back to the ballot with the refusal, nothing stored
    with device.session_transaction() as s:  # replay the session as it was before the timeout
        s.clear()
        s.update(saved)
    assert device.post("/vote/city/alive").status_code == 410
    r = device.post(
        f"/vote/city/b/{setup['north']}/submit", data={"project": [setup["north_p"][0]]}
    )
    with app.app_context():
        assert sealed() == []


def test_wrong_codes_redirect_and_a_typo_queue_never_locks_the_kiosk(tmp_path):
    """30 residents, 10 typos among them, one kiosk, one address: every resident votes."""
    with built_app(tmp_path, RATELIMIT_ENABLED=True) as app:
        with app.app_context():
            cycle = make_cycle("city")
            budget = make_budget(cycle, name="City")
            set_phase(cycle, Phase.VOTING)
            codes = make_codes(cycle, 30)
            project, budget_id, cycle_id = pids(budget)[0], budget.id, cycle.id
        device = enrol(app)
        for i, code in enumerate(codes):
            if i % 3 == 0:
                r = device.post("/vote/city/", data={"code": "2222-3333-4444-5555"})
                assert r.status_code == 303 and r.headers["Location"].endswith("/vote/city/")
                assert "We do not know this code" in device.get("/vote/city/").text
            r = device.post("/vote/city/", data={"code": code})
            assert r.status_code == 303, i
            assert vote(device, budget_id, project).headers["Location"].endswith("/vote/city/")
        # Meanwhile someone else at the same address mistypes as much: the kiosk is unaffected,
        # and so is a valid code typed on another device there.
        other = app.test_client()
        for _ in range(12):
            assert (
                other.post("/vote/city/", data={"code": "2222-3333-4444-5555"}).status_code == 422
            )
        with app.app_context():
            fresh = make_codes(db.session.get(Cycle, cycle_id), 1)[0]
        assert other.post("/vote/city/", data={"code": fresh}).status_code == 302


def test_a_stale_form_on_a_kiosk_is_a_fresh_start_not_a_400(tmp_path):
    with built_app(tmp_path, WTF_CSRF_ENABLED=True) as app:
        with app.app_context():
            cycle = make_cycle("city")
            make_budget(cycle, name="City")
            set_phase(cycle, Phase.VOTING)
        device = enrol_with_csrf(app)
        r = device.post("/vote/city/", data={"code": "x", "csrf_token": "stale"})
        assert r.status_code == 303 and r.headers["Location"].endswith("/vote/city/")
        assert "open too long" in device.get("/vote/city/").text


def enrol_with_csrf(app):
    import re

    device = app.test_client()
    sign_in_as(device, app, "staff")
    page = device.get("/admin/c/city/kiosks").text
    token = re.search(r'name="enrol-csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(
        r'id="enrol-csrf_token" name="enrol-csrf_token" type="hidden" value="([^"]+)"', page
    )
    r = device.post(
        "/admin/c/city/kiosks/enrol",
        data={"enrol-location": "Hall", "enrol-csrf_token": token.group(1)},
    )
    assert r.status_code == 303, r.text
    return device


def test_wrong_codes_are_limited_per_kiosk_not_per_address(tmp_path):
    with built_app(
        tmp_path, RATELIMIT_ENABLED=True, PB_KIOSK_CODE_RATE_LIMIT="3 per minute"
    ) as app:
        with app.app_context():
            cycle = make_cycle("city")
            make_budget(cycle, name="City")
            set_phase(cycle, Phase.VOTING)
            good = make_codes(cycle, 2)
        first, second = enrol(app, "Hall A"), enrol(app, "Hall B")
        wrong = {"code": "2222-3333-4444-5555"}
        for _ in range(3):
            assert first.post("/vote/city/", data=wrong).status_code == 303
        assert first.post("/vote/city/", data=wrong).status_code == 429
        # Another kiosk and a phone behind the same address are not held up.
        assert second.post("/vote/city/", data={"code": good[0]}).status_code == 303
        assert app.test_client().post("/vote/city/", data={"code": good[1]}).status_code == 302


def test_staff_unlock_a_new_voter_at_a_kiosk_that_allows_it(app, setup):
    plain = enrol(app, "Hall")
    assert "New voter without a code" not in plain.get("/vote/city/").text
    assert plain.get("/vote/city/new-voter").status_code == 404
    device = enrol(app, "Library", **{"enrol-allow_new_voters": "y"})
    assert "New voter without a code" in device.get("/vote/city/").text
    with app.app_context():
        batches = db.session.scalar(db.select(db.func.count()).select_from(CodeBatch))
    form = {"email": "staff@example.org", "password": "wrong", "scope": "all", "checked": "y"}
    r = device.post("/vote/city/new-voter", data=form)
    assert r.status_code == 422 and "Wrong email or password" in r.text
    r = device.post("/vote/city/new-voter", data={**form, "password": PASSWORD, "checked": ""})
    assert r.status_code == 422 and "Check the resident first" in r.text
    r = device.post("/vote/city/new-voter", data={**form, "password": PASSWORD})
    assert r.status_code == 303 and r.headers["Location"].endswith("/vote/city/budgets")
    with device.session_transaction() as s:
        assert "_user_id" not in s and set(s["voter"]) == {"t", "seen"}  # a voter, not staff
    vote(device, setup["city"], setup["city_p"][0])
    with app.app_context():
        (batch,) = db.session.scalars(db.select(CodeBatch).offset(batches)).all()
        assert batch.size == 1 and "kiosk" in batch.label
        assert [c.channel for c in sealed()] == ["kiosk"]


def test_a_kiosk_voters_answers_survive_the_redirects_and_are_sealed_with_the_channel(app, setup):
    """The ballot's questions (open data) and the kiosk's post/redirect/get meet on one page."""
    with app.app_context():
        cycle = db.session.scalar(db.select(Cycle).filter_by(slug="city"))
        cycle.questions = "age"
        db.session.commit()
    device = enrol(app)
    device.post("/vote/city/", data={"code": setup["codes"][0]})
    form = {"project": [setup["city_p"][0]], "q_age": "25-34"}
    r = device.post(f"/vote/city/b/{setup['city']}", data=form)
    assert r.status_code == 303 and r.headers["Location"].endswith("/review")
    review = device.get(r.headers["Location"])
    assert 'name="q_age" value="25-34"' in review.text
    device.post(f"/vote/city/b/{setup['city']}/submit", data=form)
    with app.app_context():
        (contents,) = sealed()
        assert (contents.channel, contents.survey) == ("kiosk", {"age": "25-34"})


def test_enrolling_ends_the_staff_sign_in_on_the_server(app, setup):
    """The staff cookie the device held before enrolment is dead, not only forgotten."""
    device = app.test_client()
    sign_in_as(device, app, "staff")
    with device.session_transaction() as s:
        before = dict(s)
    device.post("/admin/c/city/kiosks/enrol", data={"enrol-location": "Library"})
    thief = app.test_client()
    with thief.session_transaction() as s:
        s.update(before)
    r = thief.get("/admin/c/city/kiosks")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_the_site_look_loads_on_a_kiosk_without_ending_the_voter(app, setup):
    # Every page asks for /site.css and the favicon; sent to the start screen instead, those
    # requests ended the voter's session between code entry and ballot (browser tests found it).
    device = enrol(app)
    assert device.post("/vote/city/", data={"code": setup["codes"][0]}).status_code == 303
    for path in ("/site.css", "/favicon.ico", "/i18n/es.js"):
        assert device.get(path).status_code == 200, path
    with device.session_transaction() as s:
        assert "voter" in s
    assert device.get(f"/vote/city/b/{setup['city']}").status_code == 200

"""Idea supports cannot be stuffed: once per idea per browser, cookie-less posts refused, and a
ceiling per address per hour (shared by all workers: the rate-limit storage)."""

from __future__ import annotations

import pytest

from pb.extensions import db
from pb.models.ideas import Idea
from tests.conftest import built_app
from tests.factories import make_cycle, make_idea


@pytest.fixture
def limited(tmp_path):
    with built_app(
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"sqlite:///{tmp_path / 'rl.sqlite'}",
        PB_SUPPORT_RATE_LIMIT="5 per hour",
    ) as app:
        with app.app_context():
            idea_id = make_idea(make_cycle()).id
        yield app, idea_id


def supports(app, idea_id) -> int:
    with app.app_context():
        return db.session.get(Idea, idea_id).support_count


@pytest.mark.attack(
    "Five idea supports posted without cookies",
    "refused, none counted",
)
def test_cookie_less_posts_are_refused(limited):
    app, idea_id = limited
    for _ in range(5):
        bot = app.test_client(use_cookies=False)
        r = bot.post(f"/c/town/ideas/{idea_id}/support")
        assert r.status_code == 400 and b"needs cookies" in r.data
    assert supports(app, idea_id) == 0


@pytest.mark.attack(
    "50 supports from one address, a fresh browser session each",
    "the per-address ceiling counts (5 in the test), one per browser",
)
def test_one_support_per_browser_and_a_ceiling_per_address(limited):
    app, idea_id = limited
    statuses = []
    for _ in range(50):  # a script that starts a fresh browser session for every post
        browser = app.test_client()
        browser.get(f"/c/town/ideas/{idea_id}")
        statuses.append(browser.post(f"/c/town/ideas/{idea_id}/support").status_code)
    assert statuses.count(303) == 5 and statuses.count(429) == 45
    assert supports(app, idea_id) == 5
    # One browser counts once, however often it presses.
    neighbour = app.test_client()
    neighbour.get(f"/c/town/ideas/{idea_id}", environ_base={"REMOTE_ADDR": "10.2.0.1"})
    for _ in range(3):
        neighbour.post(f"/c/town/ideas/{idea_id}/support", environ_base={"REMOTE_ADDR": "10.2.0.1"})
    assert supports(app, idea_id) == 6


@pytest.mark.attack(
    "Submit or support in a residents-only cycle without a voter code, or with a wrong one",
    "sent to the code page first; a wrong code is a 422; a valid code lets the browser take part",
)
def test_a_residents_only_cycle_asks_for_a_voter_code(app):
    from pb.services import ideas
    from tests.factories import make_codes, make_user

    with app.app_context():
        cycle = make_cycle()
        idea_id = make_idea(cycle).id
        code = make_codes(cycle)[0]
        ideas.save_settings(make_user("admin"), cycle, "post", ["Parks"], [], residents_only=True)
    browser = app.test_client()
    browser.get(f"/c/town/ideas/{idea_id}")
    r = browser.post(f"/c/town/ideas/{idea_id}/support")
    assert r.status_code == 303 and "/c/town/ideas/resident" in r.headers["Location"]
    assert browser.get("/c/town/ideas/new").status_code == 303
    assert supports(app, idea_id) == 0
    r = browser.post("/c/town/ideas/resident", data={"code": "AAAA-AAAA-AAAA-AAAA"})
    assert r.status_code == 422 and b'value="AAAA-AAAA-AAAA-AAAA"' in r.data
    back = f"/c/town/ideas/{idea_id}"
    r = browser.post(f"/c/town/ideas/resident?next={back}", data={"code": code})
    assert r.status_code == 303 and r.headers["Location"] == back
    assert browser.post(f"/c/town/ideas/{idea_id}/support").status_code == 303
    assert supports(app, idea_id) == 1
    assert browser.get("/c/town/ideas/new").status_code == 200

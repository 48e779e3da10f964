"""A kiosk at kiosk size (1080x1920 portrait) in Debian's chromium: enrolled by staff through
the staff pages, it reaches no staff page, starts over after the last budget, after "I am done"
and after the timeout (also on the server: a replayed session cannot vote), Back and Refresh
show nothing of the previous voter, 30 voters with 10 typos among them all vote with the rate
limits on, and a printed letter's QR code opens the vote with the code filled in."""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from werkzeug.serving import make_server

from pb.app import create_app
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Participation
from tests.e2e.test_browser import browser, check_page  # noqa: F401  (the browser fixture)
from tests.factories import PASSWORD, make_budget, make_codes, make_cycle, make_user, set_phase

KIOSK = {"width": 1080, "height": 1920}
# A kiosk page that moves on (countdown, redirect) makes the browser drop a static file it was
# still fetching; werkzeug's threaded test server then leaves that file for the garbage
# collector, which Python reports as an unraisable ResourceWarning. gunicorn closes it.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict]:
    tmp = tmp_path_factory.mktemp("kiosk")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "kiosk-test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'pb.sqlite'}",
            "RATELIMIT_ENABLED": True,  # the real limits: a queue with typos must get through
            "PB_UPLOAD_DIR": str(tmp / "uploads"),
        },
        instance_path=str(tmp),
    )
    with app.app_context():
        db.create_all()
        queue = make_cycle("queue", name="Queue town")
        make_budget(queue, "approval", max_picks=2, name="Town")
        set_phase(queue, Phase.VOTING)
        short = make_cycle("short", name="Short town")
        make_budget(short, "approval", max_picks=2, name="Citywide")
        north = make_budget(short, "approval", max_picks=2, name="North", district="North")
        set_phase(short, Phase.VOTING)
        short.kiosk_idle_seconds = 4  # staff may set it per cycle; short here to wait less
        db.session.commit()
        make_user("staff", "staff@example.org")
        data = {
            "queue": make_codes(queue, 31),
            "short": make_codes(short, 6),
            "north": north.id,
        }
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"app": app, "url": f"http://127.0.0.1:{server.server_port}", **data}
    server.shutdown()


def ballots_in(site, budget_id: int | None = None) -> int:
    with site["app"].app_context():
        query = db.select(db.func.count()).select_from(Participation)
        if budget_id is not None:
            query = query.where(Participation.budget_id == budget_id)
        return db.session.scalar(query)


def sign_in(page, site) -> None:
    page.goto(f"{site['url']}/login")
    page.get_by_label("Email").fill("staff@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def kiosk(browser, site, slug: str, **options):  # noqa: F811
    """A new device at kiosk size that staff enrolled through the staff pages."""
    context = browser.new_context(viewport=KIOSK, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site['url']}/admin/c/{slug}/kiosks")
    page.get_by_label("Where the kiosk stands").fill("Library")
    page.get_by_role("button", name="Make this device a kiosk").click()
    assert page.url == f"{site['url']}/vote/{slug}/"
    return context, page


def enter(page, code: str) -> None:
    page.get_by_label(re.compile("voting code", re.I)).fill(code)
    page.get_by_role("button", name="Continue").click()


def vote_first_project(page) -> None:
    page.locator("form.ballot input[type=checkbox]").first.check()
    page.get_by_role("button", name=re.compile("review", re.I)).click()
    page.get_by_role("button", name=re.compile("submit my vote", re.I)).click()


def assert_replay_cannot_vote(replay, site, csrf: str) -> None:
    """A copy of a timed-out voter's cookies posts a North ballot: sent back, nothing stored."""
    r = replay.request.post(
        f"{site['url']}/vote/short/b/{site['north']}/submit",
        form={"project": "1", "csrf_token": csrf},
        max_redirects=0,
    )
    assert r.status in (302, 303)
    assert ballots_in(site, site["north"]) == 0
    replay.close()


def at_start(page, site, slug: str) -> bool:
    start = f"{site['url']}/vote/{slug}/"
    try:  # on a busy machine the redirect after a submit may still be under way
        page.wait_for_url(start, timeout=15_000, wait_until="load")
    except PlaywrightTimeout:
        print(f"not at the start screen: {page.url}\n{page.inner_text('body')[:500]}")
        return False
    return page.locator("input[name=code]").count() == 1


def test_a_kiosk_reaches_no_staff_page(browser, site):  # noqa: F811
    context, page = kiosk(browser, site, "queue")
    for path in ("/admin/", "/admin/c/queue/kiosks", "/admin/c/queue/codes", "/"):
        page.goto(site["url"] + path)
        assert at_start(page, site, "queue"), path
    context.close()


def test_thirty_voters_with_ten_typos_all_vote_at_one_kiosk(browser, site):  # noqa: F811
    context, page = kiosk(browser, site, "queue")
    before = ballots_in(site)
    check_page(page)
    for i, code in enumerate(site["queue"][:30]):
        if i % 3 == 0:
            enter(page, "2222-3333-4444-5555")
            assert "We do not know this code" in page.content(), i
        enter(page, code)
        if i == 0:  # kiosk size: big targets, big text, the screen used
            check_page(page)
            small = page.evaluate(
                """() => [...document.querySelectorAll('main input, main button, main a')]
                  .map(e => e.getBoundingClientRect())
                  .filter(r => r.width > 0 && (r.height < 48 || r.width < 48)).length"""
            )
            assert small == 0, f"{small} touch targets under 48 px"
            assert page.evaluate("getComputedStyle(document.body).fontSize") == "24px"
            width = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
            assert width > 1000
        vote_first_project(page)
        assert at_start(page, site, "queue") and "ready for the next voter" in page.content(), i
    assert ballots_in(site) == before + 30
    context.close()


def test_back_and_refresh_show_nothing_of_the_previous_voter(browser, site):  # noqa: F811
    context, page = kiosk(browser, site, "queue")
    enter(page, site["queue"][30])
    vote_first_project(page)
    assert at_start(page, site, "queue")
    page.reload()
    assert at_start(page, site, "queue")
    for _ in range(4):  # review, ballot, start, ... : every one fetched again, none remembered
        page.go_back()
        assert "Submit my vote" not in page.content()
        assert page.locator("form.ballot").count() == 0
        assert "Confirm Form Resubmission" not in page.content()
    page.go_forward()
    assert page.locator("form.ballot").count() == 0
    context.close()


def test_i_am_done_returns_to_the_start_screen(browser, site):  # noqa: F811
    context, page = kiosk(browser, site, "short")
    enter(page, site["short"][0])
    page.locator("main a[href*='/b/']").first.click()
    vote_first_project(page)
    assert "North" in page.content()  # one budget to go
    page.get_by_role("button", name=re.compile("I am done")).click()
    assert at_start(page, site, "short") and "ready for the next voter" in page.content()
    page.go_back()
    assert "North" not in page.locator("main").inner_text()
    context.close()


def test_walk_away_the_kiosk_counts_down_and_starts_over(browser, site):  # noqa: F811
    context, page = kiosk(browser, site, "short")
    enter(page, site["short"][1])
    page.locator("main a[href*='/b/']").first.click()
    vote_first_project(page)
    assert "You can still vote in" in page.content()
    saved = context.storage_state()
    csrf = page.locator("body").get_attribute("data-csrf")
    page.locator("#kiosk-warning").wait_for(state="visible")
    assert "starts over" in page.locator("#kiosk-warning").inner_text()
    page.wait_for_url(f"{site['url']}/vote/short/", timeout=15_000)
    assert at_start(page, site, "short")
    # Someone replays the walked-away voter's cookies: the server says no.
    replay = browser.new_context(storage_state=saved)
    assert_replay_cannot_vote(replay, site, csrf)
    context.close()


def test_without_javascript_the_server_still_ends_the_voter(browser, site):  # noqa: F811
    context, page = kiosk(browser, site, "short", java_script_enabled=False)
    enter(page, site["short"][2])
    page.locator("main a[href*='/b/']").first.click()
    vote_first_project(page)
    saved = context.storage_state()
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    page.close()  # nothing on the device refreshes: only the server's clock
    replay = browser.new_context(storage_state=saved)
    budgets = f"{site['url']}/vote/short/budgets"
    alive = replay.request.get(budgets, max_redirects=0)
    assert alive.status == 200 and "North" in alive.text()  # the copy works before the timeout
    time.sleep(5)
    assert replay.request.get(budgets, max_redirects=0).status == 302
    assert_replay_cannot_vote(replay, site, csrf)
    context.close()


def test_a_printed_letters_qr_code_opens_the_vote_with_the_code(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 1800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, site)
    page.goto(f"{site['url']}/admin/c/queue/codes")
    page.get_by_label("How many codes").fill("2")
    page.get_by_label(re.compile("Letters to print with QR codes, A4")).check()
    page.get_by_role("button", name="Generate the codes").click()
    card = page.locator("article.card").first
    shown = "-".join(card.locator(".group").all_inner_texts())
    png = card.locator("svg.qr").screenshot()
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    (found,) = zxingcpp.read_barcodes(image)
    assert found.text == f"{site['url']}/vote/queue/#code={shown}"
    voter = browser.new_context(viewport={"width": 360, "height": 740})
    phone = voter.new_page()
    phone.goto(found.text)
    assert phone.locator("input[name=code]").input_value() == shown
    assert "#" not in phone.url  # the code left the address bar and history
    phone.get_by_role("button", name="Continue").click()
    assert "/vote/queue/b/" in phone.url
    voter.close()
    context.close()

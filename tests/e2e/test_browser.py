"""A resident votes in a real browser: on a 360 px phone with JavaScript off, and on a kiosk-sized
screen with it on. Every page is checked with axe-core (WCAG 2.1 A and AA rules) and for
horizontal scrolling. Needs Debian's chromium (.ci/run installs it): without it these tests skip,
or fail when PB_REQUIRE lists chromium, as it does in CI."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from pb.app import create_app
from pb.extensions import db
from pb.models import Participation
from tests.requirements import CHECKS, CHROMIUM, need

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict]:
    tmp = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'pb.sqlite'}",
            "RATELIMIT_ENABLED": False,
            "PB_UPLOAD_DIR": str(tmp / "uploads"),
        },
        instance_path=str(tmp),
    )
    with app.app_context():
        db.create_all()
        from pb.demo import CURRENT, load_demo

        demo = load_demo()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "app": app,
        "url": f"http://127.0.0.1:{server.server_port}",
        "slug": CURRENT,
        "codes": [c for codes in demo.codes.values() for c in codes],
        "email": demo.email,  # the demo's staff account
        "password": demo.password,
    }
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if why := CHECKS["chromium"]():
        need("chromium", f"browser tests: {why}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=30_000)
        yield b
        b.close()


def check_page(page) -> None:
    """No WCAG 2.1 AA violation that axe can see, and nothing wider than the screen."""
    from axe_playwright_python.sync_playwright import Axe

    check_plain(page)
    results = Axe().run(page, options=WCAG)
    violations = results.response["violations"]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']}" for v in violations
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def check_plain(page) -> None:
    """What a page must show even with scripts off: one heading, a title, its language, and
    no server error."""
    assert page.locator("h1").count() == 1, f"{page.url}: not exactly one <h1>"
    assert page.title().strip(), f"{page.url}: no <title>"
    assert page.locator("html").get_attribute("lang"), f"{page.url}: no lang on <html>"
    assert "Internal Server Error" not in page.content(), page.url


def participations(site) -> int:
    with site["app"].app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Participation))


def vote_once(page, site, code: str, check) -> None:
    """Enter a code, open the first budget, try an empty ballot (refused), then vote for the
    first project: the review lists it, the last page says the vote is recorded, and one more
    participation is stored."""
    before = participations(site)
    page.goto(f"{site['url']}/")
    check(page)
    page.goto(f"{site['url']}/c/{site['slug']}")
    check(page)
    page.goto(f"{site['url']}/vote/{site['slug']}/")
    check(page)
    page.get_by_label(re.compile("code", re.I)).first.fill(code.lower())
    page.get_by_role("button", name=re.compile("continue", re.I)).click()
    check(page)
    if "/budgets" in page.url:
        page.locator("main a[href*='/b/']").first.click()
        check(page)

    # The ballot shows the budget's projects, each with its label.
    budget_name = page.locator("main h1").inner_text().strip()
    choices = page.locator("form.ballot li.choice")
    titles = [t.strip() for t in choices.locator("label").all_inner_texts()]
    assert len(titles) >= 2 and all(titles), f"{page.url}: the ballot shows {titles}"

    # Reviewing an empty ballot is refused next to the ballot and stores nothing.
    ballot_url = page.url
    page.get_by_role("button", name=re.compile("review", re.I)).click()
    check(page)
    assert "not stored" in page.content()
    assert page.locator("form.ballot").count() == 1, "the refused ballot is not shown again"

    page.goto(ballot_url)
    kind = page.locator("form.ballot").get_attribute("data-kind")
    first = choices.first
    if kind == "cumulative":
        first.locator("input[type=number]").fill("1")
    elif kind == "ranked":
        first.locator("select").select_option(index=1)
    else:
        first.locator("input[type=checkbox]").check()
    page.get_by_role("button", name=re.compile("review", re.I)).click()
    check(page)
    reviewed = [t.strip() for t in page.locator("main .review li").all_inner_texts()]
    assert len(reviewed) == 1 and reviewed[0].startswith(titles[0]), (
        f"chose {titles[0]!r}, the review lists {reviewed}"
    )
    page.get_by_role("button", name=re.compile("submit my vote", re.I)).click()
    check(page)
    assert "/recorded/" in page.url
    heading = page.locator("main h1").inner_text()
    assert heading == f"Your vote in {budget_name} is recorded", heading
    assert participations(site) == before + 1


def test_vote_on_a_phone_without_javascript(browser, site):
    # With scripts off, Playwright cannot evaluate axe in the page: check what the HTML shows.
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    vote_once(page, site, site["codes"][0], check=check_plain)
    context.close()


def test_phone_pages_pass_axe_and_fit_360px(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(15_000)
    vote_once(context.new_page(), site, site["codes"][2], check=check_page)
    context.close()


def test_knapsack_budget_bar_updates_live_on_a_kiosk(browser, site):
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    page.goto(f"{site['url']}/vote/{site['slug']}/")
    context.set_default_timeout(15_000)
    page.get_by_label(re.compile("code", re.I)).first.fill(site["codes"][1])
    page.get_by_role("button", name=re.compile("continue", re.I)).click()
    knapsack = None
    for link in page.locator("main a[href*='/b/']").all():
        href = link.get_attribute("href")
        page2 = context.new_page()
        page2.goto(site["url"] + href)
        if page2.locator("form.ballot").get_attribute("data-kind") == "knapsack":
            knapsack = page2
            break
        page2.close()
    assert knapsack is not None, (
        f"the demo changed: no knapsack budget is open to code {site['codes'][1]}; "
        "these tests need one knapsack and one ranked budget in the demo's current cycle"
    )
    used = knapsack.locator("#meter .used")
    before = used.inner_text()
    knapsack.locator("form.ballot input[type=checkbox]").first.check()
    knapsack.wait_for_function(
        "(b) => document.querySelector('#meter .used').innerText !== b", arg=before
    )
    assert used.inner_text() != before
    check_page(knapsack)
    context.close()


def _open_budget_of_kind(context, site, code: str, kind: str):
    page = context.new_page()
    page.goto(f"{site['url']}/vote/{site['slug']}/")
    page.get_by_label(re.compile("code", re.I)).first.fill(code)
    page.get_by_role("button", name=re.compile("continue", re.I)).click()
    for href in [a.get_attribute("href") for a in page.locator("main a[href*='/b/']").all()]:
        page.goto(site["url"] + href)
        if page.locator("form.ballot").get_attribute("data-kind") == kind:
            return page
    pytest.fail(
        f"the demo changed: no {kind} budget is open to code {code}; these tests need one "
        "knapsack and one ranked budget in the demo's current cycle",
        pytrace=False,
    )


def _drag(page, source, target, touch: bool) -> None:
    """Drag `source` to just above `target`, by mouse or by a finger (CDP touch events)."""
    a, b = source.bounding_box(), target.bounding_box()
    x0, y0 = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2
    y1 = b["y"] + 2
    steps = [(x0, y0 + (y1 - y0) * i / 8) for i in range(1, 9)]  # straight up
    if not touch:
        page.mouse.move(x0, y0)
        page.mouse.down()
        for x, y in steps:
            page.mouse.move(x, y)
        page.mouse.up()
        return
    cdp = page.context.new_cdp_session(page)

    def touch_event(kind: str, points) -> None:
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch_event("touchStart", [{"x": x0, "y": y0}])
    for x, y in steps:
        touch_event("touchMove", [{"x": x, "y": y}])
    touch_event("touchEnd", [])


@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "finger"])
def test_drag_to_rank_reorders_the_ballot(browser, site, touch):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, has_touch=touch)
    context.set_default_timeout(15_000)
    page = _open_budget_of_kind(context, site, site["codes"][1], "ranked")
    selects = page.locator("form.ballot select.rank")
    for i in range(3):
        selects.nth(i).select_option(str(i + 1))
    items = page.locator(".ranking li[data-select]")
    assert items.count() == 3
    third = selects.nth(2).get_attribute("id")
    _drag(page, items.nth(2).locator(".handle"), items.nth(0), touch)

    # The dragged project is now first, the others move down one, and no rank repeats.
    assert selects.nth(2).input_value() == "1"
    assert [selects.nth(i).input_value() for i in range(2)] == ["2", "3"]
    assert page.locator(".ranking li[data-select]").first.get_attribute("data-select") == third
    assert "is now number 1" in page.locator(".ranking .status").inner_text()
    check_page(page)

    # What the server reviews is the dragged order.
    title = page.locator(f"label[for={third}]").inner_text()
    page.get_by_role("button", name=re.compile("review", re.I)).click()
    assert page.locator("main ol li").first.inner_text().find(title) >= 0
    context.close()

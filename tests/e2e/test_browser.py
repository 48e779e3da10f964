"""A resident votes in a real browser: on a 360 px phone with JavaScript off, and on a kiosk-sized
screen with it on. Every page is checked with axe-core (WCAG 2.1 A and AA rules) and for
horizontal scrolling. Needs Debian's chromium (.ci/run installs it); skips cleanly without."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from pb.app import create_app
from pb.extensions import db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
axe_mod = pytest.importorskip("axe_playwright_python.sync_playwright")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")

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
        "url": f"http://127.0.0.1:{server.server_port}",
        "slug": CURRENT,
        "codes": [c for codes in demo.codes.values() for c in codes],
    }
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=30_000)
        yield b
        b.close()


def check_page(page) -> None:
    """No WCAG 2.1 AA violation that axe can see, and nothing wider than the screen."""
    results = axe_mod.Axe().run(page, options=WCAG)
    violations = results.response["violations"]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']}" for v in violations
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def vote_once(page, site, code: str, check) -> None:
    """Enter a code, open the first budget, try an empty ballot (refused), then vote."""
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

    # Reviewing an empty ballot is refused next to the ballot and stores nothing.
    ballot_url = page.url
    page.get_by_role("button", name=re.compile("review", re.I)).click()
    check(page)
    assert "not stored" in page.content()

    page.goto(ballot_url)
    kind = page.locator("form.ballot").get_attribute("data-kind")
    if kind == "cumulative":
        page.locator("form.ballot input[type=number]").first.fill("1")
    elif kind == "ranked":
        page.locator("form.ballot select").first.select_option(index=1)
    else:
        page.locator("form.ballot input[type=checkbox]").first.check()
    page.get_by_role("button", name=re.compile("review", re.I)).click()
    check(page)
    page.get_by_role("button", name=re.compile("submit my vote", re.I)).click()
    check(page)
    assert "/recorded/" in page.url
    assert re.search("recorded", page.content(), re.I)


def test_vote_on_a_phone_without_javascript(site, browser):
    # With scripts off, Playwright cannot evaluate axe in the page: this run proves the flow.
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.set_default_timeout(15_000)
    vote_once(context.new_page(), site, site["codes"][0], check=lambda page: None)
    context.close()


def test_phone_pages_pass_axe_and_fit_360px(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(15_000)
    vote_once(context.new_page(), site, site["codes"][2], check=check_page)
    context.close()


def test_knapsack_budget_bar_updates_live_on_a_kiosk(site, browser):
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
    if knapsack is None:
        pytest.skip("the demo cycle has no knapsack budget open to this code")
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
    pytest.skip(f"the demo cycle has no {kind} budget open to this code")


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
def test_drag_to_rank_reorders_the_ballot(site, browser, touch):
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

"""The resident pages outside the ballot in a real browser, in English and in Arabic (right to
left) on a 360 px phone: home, cycle, project, results, ideas (browse, show, propose),
proposals and implementation. Every page passes axe-core's WCAG 2.1 AA rules and does not
scroll sideways; the results page in Polish writes money the Polish way."""

from __future__ import annotations

import re

import pytest

from pb.demo.ballots import PAST
from pb.demo.phases import NEXT
from tests.e2e.test_browser import browser, check_page, site  # noqa: F401  (fixtures)

PHONE = {"width": 360, "height": 740}


def _first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = [h for h in hrefs if re.search(pattern, h)]
    assert found, f"{page.url}: no link matching {pattern}"
    return found[0]


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    check_page(page)


@pytest.mark.parametrize("locale", ["en-US", "ar"])
def test_resident_pages_pass_axe_on_a_phone(browser, site, locale):  # noqa: F811
    # Scripts on: axe runs as a page script and waits on timers that a script-less page never
    # fires (the run hung). The pages' script-less use is tested in test_browser.py.
    context = browser.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    base = site["url"]
    try:
        _visit(page, f"{base}/")
        expected = "ar" if locale == "ar" else "en"
        assert page.locator("html").get_attribute("lang") == expected
        if locale == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
        _visit(page, f"{base}/c/{site['slug']}")
        _visit(page, base + _first_link(page, r"/projects/\d+$"))
        _visit(page, f"{base}/c/{PAST}")
        _visit(page, f"{base}/c/{PAST}/results")
        _visit(page, base + _first_link(page, r"/projects/\d+$"))
        assert page.locator("#outcome-h").count() == 1  # funded or not, once published
        _visit(page, f"{base}/c/{PAST}/progress")
        _visit(page, base + _first_link(page, r"/progress/\d+$"))
        _visit(page, f"{base}/c/{NEXT}/ideas")
        _visit(page, base + _first_link(page, r"/ideas/\d+$"))
        _visit(page, f"{base}/c/{NEXT}/ideas/new")
        _visit(page, f"{base}/c/{NEXT}/proposals")
        _visit(page, base + _first_link(page, r"/proposals/\d+$"))
    finally:
        context.close()


def test_results_in_polish_write_polish_money(browser, site):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="pl-PL")
    page = context.new_page()
    try:
        _visit(page, f"{site['url']}/c/{PAST}/results")
        text = page.locator("main").inner_text()
        assert "Policzono według reguły" in text
        # Thousands grouped by a non-breaking space, decimals after a comma: 1 404 775,68.
        assert re.search(r"\d\u00a0\d{3}", text), text[:500]
        assert not re.search(r"\d,\d{3}\b", text), "English-style thousands on a Polish page"
    finally:
        context.close()

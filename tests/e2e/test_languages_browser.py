"""The vote in Spanish and in Arabic in a real browser: the switcher's choice holds from page to
page, money follows the locale (on the server and in the live meter), Arabic pages run right to
left without sideways scrolling at 360 px on every ballot kind, axe finds no WCAG 2.1 AA
violation; and on the ranked ballot the keyboard keeps its place and the panel shows the ranks
the server will read."""

from __future__ import annotations

import re

import pytest

# The browser and the demo site (module-scoped: this module gets a demo of its own, and its
# five codes: three for every budget, then two for the citywide budgets and North).
from tests.e2e.test_browser import _open_budget_of_kind, browser, check_page, site  # noqa: F401

PHONE = {"width": 360, "height": 740}


def _switch(page, site, lang: str) -> None:  # noqa: F811
    page.goto(f"{site['url']}/vote/{site['slug']}/")
    page.locator("#language-choice").select_option(lang)
    page.locator("form.language button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


def _enter(page, code: str, button: str) -> None:
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name=button).click()


def _ballots(page, site) -> list[str]:  # noqa: F811
    if "/budgets" not in page.url:
        return [page.url]
    return [
        site["url"] + a.get_attribute("href") for a in page.locator("main a[href*='/b/']").all()
    ]


def test_a_resident_votes_in_spanish_and_the_choice_holds(browser, site):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    _switch(page, site, "es")
    check_page(page)
    assert page.locator("main h1").inner_text().startswith("Vota en")
    _enter(page, site["codes"][4], "Continuar")
    check_page(page)
    knapsack = None
    for url in _ballots(page, site):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "es"  # remembered for the session
        if page.locator("form.ballot").get_attribute("data-kind") == "knapsack":
            knapsack = url
            break
    assert knapsack, "these tests need the demo's knapsack budget open to this code"
    check_page(page)
    assert "1.000.000 EUR" in page.locator("main .muted").first.inner_text()
    assert "Queda: 1.000.000 EUR." in page.locator("#meter").inner_text()
    first = page.locator("form.ballot li.choice").first
    cost = first.locator(".cost").inner_text()  # written by the server for Spanish
    first.locator("input[type=checkbox]").check()
    page.wait_for_function(
        "(c) => document.querySelector('#meter .used').textContent === c", arg=cost
    )
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+ EUR", cost), cost
    page.get_by_role("button", name="Revisar mi voto").click()
    check_page(page)
    assert page.locator("main h1").inner_text().startswith("Revisa tu voto en")
    page.get_by_role("button", name="Enviar mi voto").click()
    check_page(page)
    assert "/recorded/" in page.url
    assert page.locator("main h1").inner_text().endswith("está registrado")
    context.close()


def test_a_resident_votes_in_arabic_right_to_left_on_every_ballot_kind(browser, site):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    _switch(page, site, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_page(page)
    kinds = set()
    for code in site["codes"][:1]:  # reaches every budget; refused ballots store nothing
        page.goto(f"{site['url']}/vote/{site['slug']}/")
        _enter(page, code, "متابعة")
        check_page(page)
        for url in _ballots(page, site):
            page.goto(url)
            kind = page.locator("form.ballot").get_attribute("data-kind")
            if kind in kinds:
                continue
            kinds.add(kind)
            assert page.locator("html").get_attribute("dir") == "rtl"
            check_page(page)
            if kind == "ranked":  # the panel with its buttons, at 360 px, right to left
                selects = page.locator("form.ballot select.rank")
                for i in range(3):
                    selects.nth(i).select_option(str(i + 1))
                assert page.locator(".ranking li[data-select]").count() == 3
                check_page(page)
            # A refusal, in Arabic, then the review of one choice.
            page.locator("form.ballot button[type=submit]").click()
            check_page(page)
            assert "لم يُحفظ صوتك" in page.content() or kind == "ranked"
        page.goto(f"{site['url']}/vote/{site['slug']}/")
        if kinds >= {"knapsack", "approval", "ranked", "cumulative"}:
            break
    assert kinds >= {"knapsack", "approval", "ranked", "cumulative"}, kinds
    context.close()


def test_keyboard_reordering_keeps_focus_on_the_moved_button(browser, site):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = _open_budget_of_kind(context, site, site["codes"][1], "ranked")
    selects = page.locator("form.ballot select.rank")
    for i in range(3):
        selects.nth(i).select_option(str(i + 1))
    third = selects.nth(2).get_attribute("id")
    up = page.locator(f".ranking li[data-select={third}] button[data-action=up]")
    up.focus()
    page.keyboard.press("Enter")
    focused = "() => [document.activeElement.closest('li')?.dataset.select, document.activeElement.dataset.action]"
    assert page.evaluate(focused) == [third, "up"]
    assert selects.nth(2).input_value() == "2"
    page.keyboard.press("Enter")  # and again: now first, its Up stays focused though inactive
    assert page.evaluate(focused) == [third, "up"]
    assert selects.nth(2).input_value() == "1"
    page.keyboard.press("Enter")
    assert selects.nth(2).input_value() == "1"  # nothing above the first
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == [third, "down"]
    page.keyboard.press("Enter")
    assert page.evaluate(focused) == [third, "down"] and selects.nth(2).input_value() == "2"
    # The row's three buttons sit on one line, each at least 44 px tall.
    boxes = [
        b.bounding_box()
        for b in page.locator(f".ranking li[data-select={third}] .moves button").all()
    ]
    assert len(boxes) == 3 and len({round(b["y"]) for b in boxes}) == 1, boxes
    assert all(b["height"] >= 44 for b in boxes), boxes
    check_page(page)
    context.close()


def test_the_ranking_panel_shows_the_ranks_the_server_reads(browser, site):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = _open_budget_of_kind(context, site, site["codes"][1], "ranked")
    page.locator("form.ballot select.rank").nth(1).select_option("3")
    item = page.locator(".ranking li[data-select] .name").first
    assert item.inner_text().startswith("3. ")
    gap = page.locator(".ranking .rank-gap")
    assert gap.is_visible() and "Rank 1 is missing" in gap.inner_text()
    page.get_by_role("button", name=re.compile("review", re.I)).click()
    assert "Rank 1 is missing" in page.content()  # the server says the same
    context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_approval_ballot_counts_picks_live(browser, site, lang):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = _open_budget_of_kind(context, site, site["codes"][3], "approval")
    ballot = page.url
    page.locator("#language-choice").select_option(lang)  # the switcher comes back here
    page.locator("form.language button").click()
    page.wait_for_url(ballot)
    assert page.locator("html").get_attribute("lang") == lang
    boxes = page.locator("form.ballot input[type=checkbox]")
    assert boxes.count() >= 3, "the demo's approval budget needs three projects"
    meter = page.locator("#meter")
    for i in range(3):
        boxes.nth(i).check()
    words = {"en": "3 of at most 2 chosen.", "es": "Elegidos: 3 de 2 como máximo."}[lang]
    page.wait_for_function(
        "(w) => document.querySelector('#meter').innerText.includes(w)", arg=words
    )
    assert "over" in meter.get_attribute("class")
    boxes.nth(2).uncheck()
    assert "over" not in meter.get_attribute("class")
    check_page(page)
    context.close()

"""In a real browser: a vote link with the code in its fragment fills the code field (and the
code leaves the address bar); "Get my code" works on a 360 px phone, with and without
JavaScript, and passes axe."""

from __future__ import annotations

import re

from pb.demo.ballots import PAST
from pb.demo.phases import NEXT
from pb.demo.residents import TRY
from tests.e2e.test_browser import browser, check_page, check_plain, site  # noqa: F401


def test_a_vote_link_fills_the_code_and_clears_the_fragment(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(15_000)
    page = context.new_page()
    code = site["codes"][3]
    page.goto(f"{site['url']}/vote/{site['slug']}/#code={code}")
    page.wait_for_function("() => document.getElementById('code').value !== ''")
    assert page.input_value("#code") == code
    assert page.evaluate("window.location.hash") == ""
    assert "#" not in page.url
    check_page(page)
    page.get_by_role("button", name=re.compile("continue", re.I)).click()
    assert "/vote/" in page.url and page.url.rstrip("/") != f"{site['url']}/vote/{site['slug']}"
    context.close()


def get_my_code(page, site, check) -> None:  # noqa: F811
    page.goto(f"{site['url']}/vote/{site['slug']}/")
    page.get_by_role("link", name="Get my code").click()
    check(page)
    name, born, postcode, _district = TRY
    # Typed on a keyboard without Ø and å, in capitals: still the same person.
    page.get_by_label("name").fill(name.translate(str.maketrans("Øå", "Oa")).upper())
    page.get_by_label("date of birth").fill(born)
    page.get_by_label("postcode").fill(postcode.replace(" ", ""))
    page.get_by_role("button", name="Get my code").click()
    check(page)
    assert page.locator("main h1").inner_text() == "Your voting code"
    page.get_by_role("button", name=re.compile("vote now", re.I)).click()
    check(page)
    assert "/budgets" in page.url or "/b/" in page.url


def test_get_my_code_on_a_phone_with_and_without_javascript(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(15_000)
    get_my_code(context.new_page(), site, check_page)
    context.close()
    # The same resident again, without JavaScript: no second code, the same neutral answer.
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{site['url']}/vote/{site['slug']}/get-code")
    check_plain(page)
    name, born, postcode, _district = TRY
    page.get_by_label("name").fill(name)
    page.get_by_label("date of birth").fill(born)
    page.get_by_label("postcode").fill(postcode)
    page.get_by_role("button", name="Get my code").click()
    check_plain(page)
    assert "No code was given" in page.content()
    context.close()


def test_the_staff_pages_pass_axe_and_fit_360px(browser, site, tmp_path):  # noqa: F811
    from pb.services import mailings
    from tests.factories import PASSWORD, make_user

    with site["app"].app_context():
        make_user("staff", "axe-staff@example.org")
        from pb.extensions import db
        from pb.models import Cycle

        cycle = db.session.scalar(db.select(Cycle).filter_by(slug=site["slug"]))
        mailing = mailings.create_mailing(
            None, cycle, b"member,email\nM1,m1@coop.example\n", pepper="browser-test"
        )
        mailing_id = mailing.id
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{site['url']}/login")
    page.get_by_label(re.compile("email", re.I)).fill("axe-staff@example.org")
    page.get_by_label(re.compile("password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    base = f"{site['url']}/admin/c/{site['slug']}"
    page.goto(f"{base}/eligibility")
    check_page(page)
    # A check of a file with a problem: the preview table.
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("name,date of birth,postcode,district\nAnn,,1011,North\n")
    page.get_by_label(re.compile("^The list", re.I)).set_input_files(str(csv_file))
    page.get_by_role("button", name=re.compile("check the list", re.I)).click()
    check_page(page)
    assert "missing date of birth" in page.content()
    page.goto(f"{base}/mailings")
    check_page(page)
    page.goto(f"{base}/mailings/{mailing_id}")
    check_page(page)
    page.get_by_role("button", name=re.compile("send the next", re.I)).click()
    check_page(page)
    assert "1 of 1 sent" in page.content()
    # The staff home, the voting cycle's overview and its close confirmation; next year's
    # cycle (before voting) with its checklist, open confirmation and a ballot preview.
    for path in ("/admin/", f"/admin/c/{site['slug']}", f"/admin/c/{site['slug']}/close"):
        page.goto(f"{site['url']}{path}")
        check_page(page)
    page.goto(f"{site['url']}/admin/c/{NEXT}")
    check_page(page)
    assert page.locator("#checklist-h").count() == 1
    page.goto(f"{site['url']}/admin/c/{NEXT}/open")
    check_page(page)
    page.goto(f"{site['url']}/admin/c/{PAST}/publish")
    check_page(page)
    page.goto(f"{site['url']}/admin/c/{NEXT}/budgets/new")
    check_page(page)
    page.select_option("select[name=ballot_kind]", "cumulative")
    assert page.locator("fieldset[data-kinds='knapsack']").is_hidden()
    assert page.locator("fieldset[data-kinds='cumulative']").is_visible()
    check_page(page)
    with site["app"].app_context():
        budget_ids = [
            b.id for b in db.session.scalar(db.select(Cycle).filter_by(slug=site["slug"])).budgets
        ]
    for budget_id in budget_ids:  # every ballot kind the demo has
        page.goto(f"{site['url']}/admin/c/{site['slug']}/budgets/{budget_id}/preview")
        check_page(page)
        assert "Preview." in page.content()
    context.close()

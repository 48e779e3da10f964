"""The city's own look in a real browser: the demo's branded header and footer on a 360 px
phone (axe-core WCAG 2.1 AA, no sideways scroll), and the site settings page refusing a colour
that white text cannot be read on."""

from __future__ import annotations

from pb.demo.branding import COLOUR, NAME
from tests.e2e.test_browser import browser, check_page, site  # noqa: F401  (fixtures)

PHONE = {"width": 360, "height": 740}


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_branded_header_and_footer_on_a_phone(browser, site):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="es-ES")
    page = context.new_page()
    for path in ("/", f"/c/{site['slug']}", "/privacy"):
        page.goto(site["url"] + path)
        check_page(page)
        brand = page.locator("header.site a.brand")
        assert NAME in brand.inner_text()
        assert brand.locator("img").evaluate("img => img.naturalWidth") > 0  # the logo loads
        header = page.locator("header.site").evaluate("h => getComputedStyle(h).backgroundColor")
        assert header == _rgb(COLOUR)
        footer = page.locator("footer.site")
        assert footer.get_by_role("link", name="Acceso del personal").get_attribute("href") == (
            "/login"
        )
        assert footer.get_by_role("link", name="Aviso de privacidad").count() == 1
    icon = page.request.get(site["url"] + "/favicon.ico")
    assert icon.status == 200
    context.close()


def test_site_settings_refuse_a_light_colour(browser, site):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site["url"] + "/login")
    page.get_by_label("Email").fill(site["email"])
    page.get_by_label("Password").fill(site["password"])
    page.get_by_role("button", name="Sign in").click()
    page.goto(site["url"] + "/admin/site")
    check_page(page)
    page.get_by_label("Primary colour").fill("#f5c211")
    page.get_by_role("button", name="Save").click()
    assert "has a contrast of 1.6" in page.content()
    check_page(page)
    header = page.locator("header.site").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header == _rgb(COLOUR)  # nothing saved
    for path in (
        f"/admin/c/{site['slug']}/texts",
        f"/admin/c/{site['slug']}/edit",
        f"/admin/c/{site['slug']}/phases",
    ):
        page.goto(site["url"] + path)
        check_page(page)
    context.close()

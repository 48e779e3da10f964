"""Site settings: admins set the name, logo, colour, footer links, privacy notice and contact;
every page shows them; the colour is checked for contrast before it is saved."""

import io

from pb.extensions import db
from pb.models.site import SiteSettings
from tests.factories import audit, image_bytes, make_user, sign_in

GOOD = {
    "name": "City of Riverton",
    "primary_colour": "#1a5fb4",
    "footer_links": "City hall | https://riverton.example.org\nRules | /c/town",
    "privacy_notice": "We keep your **email** for this cycle only.",
    "contact": "pb@riverton.example.org",
    "default_time_zone": "Europe/Warsaw",
}


def saved() -> SiteSettings | None:
    db.session.expire_all()
    return db.session.scalar(db.select(SiteSettings))


def test_before_any_setting_the_site_is_pb_with_a_favicon_and_no_privacy_page(client, db):
    page = client.get("/").text
    assert '<a class="brand" href="/">pb</a>' in page
    assert 'href="/login">Staff sign-in</a>' in page
    assert 'rel="icon" href="/favicon.ico"' in page
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert client.get("/privacy").status_code == 404
    css = client.get("/site.css")
    assert css.status_code == 200 and "--accent" not in css.text


def test_only_admins_change_the_settings(client, db):
    sign_in(client, make_user("staff"))
    assert client.get("/admin/site").status_code == 403
    assert client.post("/admin/site", data=GOOD).status_code == 403
    assert saved() is None


def test_admin_brands_the_site(client, db):
    sign_in(client, make_user("admin"))
    data = dict(GOOD, logo=(io.BytesIO(image_bytes("PNG")), "logo.png"))
    r = client.post("/admin/site", data=data, content_type="multipart/form-data")
    assert r.status_code == 303
    row = saved()
    assert row.name == "City of Riverton" and row.primary_colour == "#1a5fb4" and row.logo
    assert len(audit("site.update")) == 1
    client.post("/logout")
    page = client.get("/").text
    assert "City of Riverton</a>" in page and f'src="/media/{row.logo}"' in page
    assert "<title>City of Riverton</title>" in page or "· City of Riverton</title>" in page
    assert '<a href="https://riverton.example.org">City hall</a>' in page
    assert '<a href="/c/town">Rules</a>' in page
    assert '<a href="/privacy">Privacy notice</a>' in page
    assert 'href="mailto:pb@riverton.example.org"' in page
    assert "style=" not in page
    privacy = client.get("/privacy").text
    assert "<strong>email</strong>" in privacy
    css = client.get("/site.css")
    assert ":root { --accent: #1a5fb4; }" in css.text and css.headers["ETag"]
    again = client.get("/site.css", headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/png"


def test_a_colour_without_enough_contrast_is_refused_with_its_ratio(client, db):
    sign_in(client, make_user("admin"))
    r = client.post("/admin/site", data=dict(GOOD, primary_colour="#f5c211"))
    assert r.status_code == 422
    assert "has a contrast of 1.6" in r.text and "at least 4.5:1" in r.text
    assert 'value="City of Riverton"' in r.text  # what was typed stays
    assert saved() is None and audit("site.update") == []


def test_bad_links_zones_and_logos_are_refused(client, db):
    sign_in(client, make_user("admin"))
    r = client.post("/admin/site", data=dict(GOOD, footer_links="Evil | javascript:alert(1)"))
    assert r.status_code == 422 and "Line 1: write a label" in r.text
    r = client.post("/admin/site", data=dict(GOOD, default_time_zone="Mars/Olympus"))
    assert r.status_code == 422
    data = dict(GOOD, logo=(io.BytesIO(b"<svg onload=alert(1)>"), "logo.svg"))
    r = client.post("/admin/site", data=data, content_type="multipart/form-data")
    assert r.status_code == 422 and 'id="logo-error"' in r.text
    assert saved() is None


def test_the_logo_can_be_removed(client, db):
    sign_in(client, make_user("admin"))
    data = dict(GOOD, logo=(io.BytesIO(image_bytes("PNG")), "logo.png"))
    client.post("/admin/site", data=data, content_type="multipart/form-data")
    name = saved().logo
    assert client.get(f"/media/{name}").status_code == 200
    assert client.post("/admin/site", data=dict(GOOD, remove_logo="y")).status_code == 303
    assert saved().logo == ""
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/favicon.ico").mimetype == "image/svg+xml"


def test_the_header_and_footer_speak_the_reader_s_language(client):
    spanish = client.get("/", headers={"Accept-Language": "es"}).text
    assert 'href="/login">Acceso del personal</a>' in spanish
    assert "Ir al contenido" in spanish
    arabic = client.get("/", headers={"Accept-Language": "ar"}).text
    assert 'href="/login">دخول الموظفين</a>' in arabic

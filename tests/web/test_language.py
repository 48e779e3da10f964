"""Which language a page is in: the browser's Accept-Language, then the switcher's choice for
the rest of the session; lang and dir on <html>; the catalog static/js reads."""

from __future__ import annotations

import re

from flask_babel import force_locale

from pb.web import filters


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_accept_language_picks_a_shipped_language(client):
    page = _html(client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}))
    assert '<html lang="pl" dir="ltr">' in page
    assert "Język" in page


def test_an_unshipped_language_falls_back_to_english(client):
    page = _html(client.get("/", headers={"Accept-Language": "fi"}))
    assert '<html lang="en" dir="ltr">' in page


def test_the_switcher_is_remembered_for_the_session_and_goes_back(client):
    page = _html(client.get("/"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/language", data={"lang": "ar", "next": "/?x=1", "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/?x=1"
    page = _html(client.get("/", headers={"Accept-Language": "es"}))
    assert '<html lang="ar" dir="rtl">' in page


def test_the_switcher_refuses_other_sites_and_unknown_languages(client):
    token = re.search(r'name="csrf_token" value="([^"]+)"', _html(client.get("/"))).group(1)
    response = client.post(
        "/language", data={"lang": "xx", "next": "//evil.example/", "csrf_token": token}
    )
    assert response.headers["Location"] == "/"
    assert '<html lang="en"' in _html(client.get("/"))


def test_the_script_catalog_holds_translations_only(client):
    body = client.get("/i18n/es.js").get_data(as_text=True)
    assert body.startswith("window.PB_I18N = {")
    assert "window.pbT = function" in body
    assert client.get("/i18n/xx.js").status_code == 404


def test_money_numbers_and_dates_follow_the_locale(app):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 5, 1, 17, 0)
    with app.test_request_context():
        with force_locale("en"):
            assert filters.money(1234567, "PLN") == "1,234,567 PLN"
            assert filters.money(-330000.5) == "-330,000.50"
            assert filters.when(moment) == "May 1, 2026, 5:00\u202fPM UTC"
        with force_locale("pl"):
            assert filters.money(1234567, "PLN") == "1\xa0234\xa0567 PLN"
            assert filters.number(2500) == "2\xa0500"
        with force_locale("es"):
            assert filters.money(1234567.25) == "1.234.567,25"
            assert "13:00" in filters.when(moment, ZoneInfo("America/New_York"))


def test_domain_text_is_translated_with_values_for_the_locale(app):
    from pb.domain.text import Money, Text, TextError
    from pb.web.i18n import translate

    error = TextError(
        "%(title)s costs %(cost)s, %(n)s votes", title="Park", cost=Money(1500000, "PLN"), n=12000
    )
    assert str(error) == "Park costs 1,500,000 PLN, 12,000 votes"
    with app.test_request_context(), force_locale("es"):
        assert translate(error) == "Park costs 1.500.000 PLN, 12.000 votes"  # not in a catalog
        assert translate(Text("Language")) == "Idioma"
        assert translate("plain") == "plain"

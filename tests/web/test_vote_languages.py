"""The vote in the resident's language: ballots, refusals and totals in Spanish and Arabic with
money for the locale; the approval ballot's count of picks; over budget said in words, never as a
negative amount left; the kiosk's switcher and its return to the default language for the next
voter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pb.domain.phases import Phase
from tests.factories import make_budget, make_codes, make_cycle, pids, set_phase, write_texts
from tests.web.test_kiosks import enrol


@pytest.fixture
def vote(app):
    with app.app_context():
        cycle = make_cycle("city")
        approval = make_budget(cycle, "approval", name="City", max_picks=3)
        knapsack = make_budget(cycle, "knapsack", amount=1500000, costs=(1200000, 700000))
        ranked = make_budget(cycle, "ranked", name="Ranked", max_picks=3)
        set_phase(cycle, Phase.VOTING)
        return {
            "codes": make_codes(cycle, 3),
            "approval": (approval.id, pids(approval)),
            "knapsack": (knapsack.id, pids(knapsack)),
            "ranked": (ranked.id, pids(ranked)),
        }


def _in(client, lang: str, code: str) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    assert client.post("/vote/city/", data={"code": code}).status_code == 302


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_spanish_ballot_says_everything_in_spanish_with_spanish_money(client, vote):
    budget, projects = vote["knapsack"]
    _in(client, "es", vote["codes"][0])
    page = client.get(f"/vote/city/b/{budget}").text
    assert '<html lang="es" dir="ltr">' in page
    assert "Elige los proyectos que quieras, hasta un coste total de 1.500.000 EUR." in page
    assert "Revisar mi voto" in page and "Review my vote" not in page
    refused = client.post(f"/vote/city/b/{budget}", data={"project": projects})
    assert refused.status_code == 422
    text = _text(refused.text)
    assert "Tu voto no se guardó" in text
    assert "Tus opciones cuestan 1.900.000 EUR, 400.000 EUR más de los 1.500.000 EUR" in text


def test_an_arabic_refusal_is_in_arabic_and_right_to_left(client, vote):
    budget, projects = vote["ranked"]
    _in(client, "ar", vote["codes"][0])
    r = client.post(f"/vote/city/b/{budget}", data={f"rank-{projects[0]}": "3"})
    assert r.status_code == 422 and '<html lang="ar" dir="rtl">' in r.text
    assert "المرتبة 1 ناقصة" in r.text


def test_over_budget_says_how_much_over_never_a_negative_amount_left(client, vote):
    budget, projects = vote["knapsack"]
    _in(client, "en", vote["codes"][0])
    page = client.post(f"/vote/city/b/{budget}", data={"project": projects}).text
    meter = _text(page.split('id="meter"')[1].split("</div>")[1])
    assert "400,000 EUR over the budget." in meter
    assert "-400,000" not in page
    assert re.search(r'<span class="remain" hidden>', page)
    fits = client.post(f"/vote/city/b/{budget}", data={"change": "1", "project": projects[:1]})
    assert "Left: 300,000 EUR." in _text(fits.text)
    assert re.search(r'<span class="over-by" hidden>', fits.text)


def test_the_approval_ballot_counts_picks_against_the_maximum(client, vote):
    budget, projects = vote["approval"]
    _in(client, "en", vote["codes"][0])
    empty = client.get(f"/vote/city/b/{budget}").text
    assert 'data-max-picks="3"' in empty
    assert "0 of at most 3 chosen." in _text(empty)
    four = client.post(f"/vote/city/b/{budget}", data={"project": projects})
    assert four.status_code == 422  # the server stays the judge
    assert "4 of at most 3 chosen." in _text(four.text)
    assert 'class="meter count over"' in four.text


def test_the_kiosk_switches_language_and_the_next_voter_starts_in_the_default(app, vote):
    device = enrol(app)
    assert '<html lang="en"' in device.get("/vote/city/").text
    r = device.post("/language", data={"lang": "es", "next": "/vote/city/"})
    assert r.status_code == 303 and r.headers["Location"] == "/vote/city/"
    start = device.get("/vote/city/").text
    assert '<html lang="es"' in start and "Vota en" in start
    assert device.get("/i18n/es.js").status_code == 200  # the kiosk may load the script catalog
    assert device.post("/vote/city/", data={"code": vote["codes"][1]}).status_code == 303
    budget, projects = vote["approval"]
    assert '<html lang="es"' in device.get(f"/vote/city/b/{budget}").text
    done = device.post("/vote/city/leave")  # "I am done": the kiosk resets for the next voter
    assert done.status_code == 303
    after = device.get(done.headers["Location"])
    assert '<html lang="en"' in after.text and "Vote in" in after.text


def test_the_budgets_still_to_vote_in_are_buttons_without_bullets(client, vote):
    budget, projects = vote["approval"]
    _in(client, "en", vote["codes"][2])
    done = client.post(f"/vote/city/b/{budget}/submit", data={"project": projects[:1]})
    page = client.get(done.headers["Location"]).text
    remaining = page.split('<ul class="buttons">')[1].split("</ul>")[0]
    assert 'class="button"' in remaining and "Ranked" in remaining
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "pb.css").read_text()
    assert re.search(r"ul\.buttons \{ list-style: none;", css)


def test_the_ballot_shows_project_texts_in_the_residents_language(client, app, vote):
    from pb.extensions import db
    from pb.models import Cycle, Project

    budget, projects = vote["approval"]
    with app.app_context():
        cycle = db.session.scalar(db.select(Cycle).where(Cycle.slug == "city"))
        cycle.languages, cycle.default_language = "en,es", "en"
        first = db.session.get(Project, int(projects[0]))
        english = first.title
        db.session.commit()
        write_texts(cycle.id, "es", ("project", first.id, "title", "Bancos en la plaza"))
    _in(client, "es", vote["codes"][0])
    page = client.get(f"/vote/city/b/{budget}").text
    assert "Bancos en la plaza" in page and english not in page
    _in(client, "en", vote["codes"][1])
    page = client.get(f"/vote/city/b/{budget}").text
    assert english in page and "Bancos en la plaza" not in page

"""Texts per language: staff write a cycle's other languages on one page; residents read their
language, falling back to the cycle's default; the checklist lists what is missing."""

from flask import render_template_string

from pb.extensions import db
from pb.models import Budget, Cycle, Project
from pb.models.texts import LocalText
from pb.services import texts
from tests.factories import (
    audit,
    make_budget,
    make_cycle,
    make_user,
    sign_in,
    sign_in_as,
    write_texts,
)


def _trilingual():
    cycle = make_cycle(name="Riverton budget")
    cycle.languages, cycle.default_language = "en,es,pl", "en"
    cycle.description = "Decide what the city builds."
    db.session.commit()
    budget = make_budget(cycle, costs=(100, 200), name="Citywide")
    return cycle, budget


def test_staff_write_other_languages_and_the_checklist_shrinks(client, db):
    cycle, budget = _trilingual()
    project = budget.projects[0]
    missing = texts.missing_translations(cycle)
    # name and description of the cycle, budget name, two project titles; in es and pl each
    assert len(missing) == 10
    assert {m.lang for m in missing} == {"es", "pl"}
    sign_in(client, make_user("staff"))
    page = client.get("/admin/c/town/texts").text
    assert "10 texts still need a translation." in page
    assert f'name="t-project-{project.id}-title-es"' in page
    assert f'name="t-project-{project.id}-title-en"' not in page  # on the project's own form
    assert f'name="t-budget-{budget.id}-description-en"' in page  # no column: written here
    r = client.post(
        "/admin/c/town/texts",
        data={
            f"t-project-{project.id}-title-es": "Bancos",
            f"t-project-{project.id}-title-pl": "Ławki",
            f"t-cycle-{cycle.id}-name-es": "Presupuesto de Riverton",
            f"t-cycle-{cycle.id}-ideas_intro-en": "Tell us what you would build.",
        },
    )
    assert r.status_code == 303
    assert len(audit("texts.update")) == 1
    # three written; the new idea-page words now need es and pl as well
    assert len(texts.missing_translations(cycle)) == 10 - 3 + 2
    rows = db.session.scalars(db.select(LocalText).order_by(LocalText.id)).all()
    assert {(r.kind, r.field, r.lang, r.value) for r in rows} >= {
        ("project", "title", "es", "Bancos"),
        ("cycle", "ideas_intro", "en", "Tell us what you would build."),
    }
    # Emptying a field removes the text.
    client.post("/admin/c/town/texts", data={f"t-project-{project.id}-title-pl": ""})
    assert db.session.scalar(db.select(db.func.count(LocalText.id))) == 3


def test_texts_of_another_cycle_or_language_are_refused(client, db):
    cycle, budget = _trilingual()
    other = make_cycle(slug="other")
    sign_in(client, make_user("staff"))
    for name in (
        f"t-cycle-{other.id}-name-es",  # another cycle's
        f"t-cycle-{cycle.id}-name-ar",  # not one of the cycle's languages
        f"t-cycle-{cycle.id}-name-en",  # the default one is edited on the cycle's form
        f"t-cycle-{cycle.id}-slug-es",  # not a text
    ):
        r = client.post("/admin/c/town/texts", data={name: "x"})
        assert r.status_code == 422, name
    assert db.session.scalar(db.select(db.func.count(LocalText.id))) == 0


def test_delegates_cannot_edit_texts(client, db):
    _trilingual()
    sign_in(client, make_user("delegate"))
    assert client.get("/admin/c/town/texts").status_code == 403


def test_residents_read_their_language_falling_back_to_the_default(app):
    with app.app_context():
        cycle, budget = _trilingual()
        project = budget.projects[0]
        write_texts(cycle.id, "es", ("project", project.id, "title", "Bancos"))
        write_texts(cycle.id, "en", ("budget", budget.id, "description", "For the whole city."))
        ids = cycle.id, budget.id, project.id
    # Each request its own app context (and so its own locale and text cache).
    template = (
        "{{ p|localized('title') }}|{{ c|localized('name') }}|{{ b|localized('description') }}"
    )
    for lang, expected in (
        ("es", "Bancos|Riverton budget|For the whole city."),
        ("pl", "Project A|Riverton budget|For the whole city."),
        ("en", "Project A|Riverton budget|For the whole city."),
    ):
        with app.test_request_context(headers={"Accept-Language": lang}):
            c, b, p = (
                db.session.get(Cycle, ids[0]),
                db.session.get(Budget, ids[1]),
                db.session.get(Project, ids[2]),
            )
            assert render_template_string(template, p=p, c=c, b=b) == expected, lang


def test_the_texts_page_in_a_one_language_cycle_says_so(client, app):
    with app.app_context():
        make_cycle()
    sign_in_as(client, app, "staff")
    page = client.get("/admin/c/town/texts").text
    assert "This cycle is shown in one language only" in page


def test_public_pages_show_the_reader_s_language_and_the_cycle_s_zone(client, app):
    from datetime import datetime

    with app.app_context():
        cycle = make_cycle(name="Riverton budget", voting_starts=datetime(2031, 3, 10, 18))
        cycle.languages, cycle.time_zone = "en,es", "America/Bogota"
        budget = make_budget(cycle, costs=(100,), name="Citywide")
        project = budget.projects[0]
        write_texts(
            cycle.id,
            "es",
            ("cycle", cycle.id, "name", "Presupuesto de Riverton"),
            ("budget", budget.id, "name", "Toda la ciudad"),
            ("project", project.id, "title", "Bancos"),
        )
        project_id = project.id
    spanish = client.get("/c/town", headers={"Accept-Language": "es"}).text
    assert "<h1>Presupuesto de Riverton</h1>" in spanish
    assert "Toda la ciudad" in spanish and ">Bancos</a>" in spanish
    assert "10 mar 2031, 13:00 hora de Colombia" in spanish
    english = client.get("/c/town", headers={"Accept-Language": "en"}).text
    assert "<h1>Riverton budget</h1>" in english and ">Project A</a>" in english
    page = client.get(f"/c/town/projects/{project_id}", headers={"Accept-Language": "es"}).text
    assert "<h1>Bancos</h1>" in page


def test_missing_translations_block_opening_until_written(db):
    from pb.services import checklist

    cycle, budget = _trilingual()
    blockers = [str(b.text) for b in checklist.blockers(cycle)]
    assert blockers == ["10 texts still need a translation (es, pl): see Texts."]
    values = {
        (m.kind, m.object_id, m.field, m.lang): f"{m.field} {m.lang}"
        for m in texts.missing_translations(cycle)
    }
    texts.set_texts(make_user("staff"), cycle, values)
    assert checklist.blockers(cycle) == []


def test_the_words_staff_write_for_the_ideas_page_show_in_the_residents_language(client, db):
    from flask_babel import refresh

    from pb.domain.phases import Phase
    from tests.factories import set_phase

    cycle, _budget = _trilingual()
    set_phase(cycle, Phase.IDEAS)
    texts.set_texts(
        make_user("staff"),
        cycle,
        {
            ("cycle", cycle.id, "ideas_intro", "en"): "Tell us what you would **build**.",
            ("cycle", cycle.id, "ideas_intro", "es"): "Cuéntanos qué construirías.",
        },
    )

    def page(lang: str) -> str:
        refresh()  # the test's app context outlives each request; so would a cached locale
        return client.get("/c/town/ideas", headers={"Accept-Language": lang}).text

    assert "Tell us what you would <strong>build</strong>." in page("en")
    assert "Cuéntanos qué construirías." in page("es")
    polish = page("pl")
    assert "Tell us what you would <strong>build</strong>." in polish  # the default language

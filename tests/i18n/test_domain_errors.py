"""The domain's input errors that staff read: English for the command line, their language on
the pages that show them (project import, paper entry)."""

from __future__ import annotations

import io

import pytest

from pb.domain import keyshares
from pb.domain.pabulib import PabulibError, parse_text
from pb.domain.paper import PaperTypo, form_from_numbers
from pb.domain.phases import Phase
from pb.services.errors import said
from tests.factories import make_budget, make_codes, make_cycle, make_user, set_phase, sign_in

BAD_BUDGET = "META\nkey;value\nbudget;x\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n"  # fmt: skip

# The import reads only PROJECTS: its header names an empty column.
BAD_HEADER = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;;cost\n1;;5\nVOTES\nvoter_id;vote\n"  # fmt: skip


def test_english_stays_as_it_was_and_the_line_is_kept():
    with pytest.raises(PabulibError) as info:
        parse_text(BAD_BUDGET)
    error = info.value
    assert str(error) == "line 3: budget must be a number, not 'x'"
    assert (error.line, error.problem) == (3, "budget must be a number, not 'x'")
    with pytest.raises(
        PaperTypo, match=r"^'9' is not a project number of this ballot \(1 to 2\)\.$"
    ):
        form_from_numbers("approval", "9", ["a", "b"])
    with pytest.raises(keyshares.ShareError) as shares:
        keyshares.split(b"k" * 32, 1, 17)
    assert str(shares.value) == (
        "Choose between 2 and 16 trustees. The number of shares needed must be at least 2 and "
        "at most the number of trustees."
    )


def test_a_problem_inside_a_line_is_translated_too(app):
    with pytest.raises(PabulibError) as info:
        parse_text(BAD_BUDGET)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert said(info.value.text) == "línea 3: budget debe ser un número, no 'x'"
    with app.test_request_context(headers={"Accept-Language": "pl"}):
        assert said(keyshares.joined(keyshares.custody_problems(1, 17))).startswith(
            "Wybierz od 2 do 16 powierników. Liczba potrzebnych części"
        )


def test_the_project_import_page_shows_the_file_problem_in_spanish(client, db):
    cycle = make_cycle("imp", Phase.IDEAS)
    budget = make_budget(cycle, costs=())
    sign_in(client, make_user("staff"))
    r = client.post(
        f"/admin/c/{cycle.slug}/budgets/{budget.id}/projects/import",
        data={"file": (io.BytesIO(BAD_HEADER.encode()), "city.pb"), "action": "preview"},
        content_type="multipart/form-data",
        headers={"Accept-Language": "es"},
    )
    assert r.status_code == 422
    assert "línea 6: el encabezado de PROJECTS tiene una columna sin nombre" in r.text


def test_the_paper_page_says_a_typo_in_polish(app, db):
    cycle = make_cycle("city")
    budget = make_budget(cycle, "approval", max_picks=2, name="City")
    set_phase(cycle, Phase.VOTING)
    code = make_codes(cycle)[0]
    client = app.test_client()
    sign_in(client, make_user("staff"))
    r = client.post(
        "/admin/c/city/paper",
        data={"stack-budget": budget.id, "stack-label": "Library", "stack-counted": 3},
    )
    polish = {"Accept-Language": "pl"}
    r = client.post(
        r.headers["Location"], data={"number": 1, "code": code, "choices": "9"}, headers=polish
    )
    assert r.status_code == 422
    assert "nie jest numerem projektu na tej karcie (od 1 do" in r.text

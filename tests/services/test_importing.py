"""`flask import-pb`: pabulib files become a published cycle whose results page shows the
official outcome; a broken file imports nothing and names the line and the reason."""

from __future__ import annotations

import pytest

from pb.domain.pabulib import parse
from pb.extensions import db as _db
from pb.models import Ballot, Budget, Cycle, Project
from tests.conftest import DATA, pabulib_file

# one file per vote type (tests/data ships the approval, knapsack and cumulative ones)
LOCAL = {
    "approval": DATA / "Poland_Warszawa_2019_Marysin_Wawerski_Poludniowy.pb",
    "knapsack": DATA / "US_Stanford_Dataset_2022_Jersey_City_Ward_C_vote_knapsacks.pb",
    "cumulative": DATA / "Poland_Czestochowa_2020_Grabowka.pb",
}
SHARED = {
    "choose-1": "Poland_Zabrze_2021_Zandka.pb",
    "ordinal": "US_Stanford_Dataset_Your_Voice_Your_Choice_Parks_and_Streets-_Seattle_2019_District_5_vote_rankings.pb",
}
# a city's citywide budget and three of its districts, each with its official outcome
CITY = (
    "Poland_Czestochowa_2025.pb",
    "Poland_Czestochowa_2025_Mirow.pb",
    "Poland_Czestochowa_2025_Ostatni_Grosz.pb",
    "Poland_Czestochowa_2025_Bleszno.pb",
)


@pytest.fixture
def app(db_app):
    """These run on every database backend available (see tests/conftest.py)."""
    return db_app


def _import(app, paths, *extra):
    result = app.test_cli_runner().invoke(args=["import-pb", *map(str, paths), *extra])
    return result


def _funded_on_page(client, slug: str) -> set[str]:
    page = client.get(f"/c/{slug}/results").get_data(as_text=True)
    assert "Results of" in page
    funded = set()
    for block in page.split('<li class="funded">')[1:]:
        if "<a href=" in block:
            funded.add(block.split('">', 2)[1].split("</a>")[0].strip())
    return funded


def _official_names(path) -> set[str]:
    election = parse(path)
    official = election.official_selected()
    return {
        (p.name or f"Project {p.id}") for p in election.projects if official and p.id in official
    }


@pytest.mark.parametrize("vote_type", [*LOCAL, *SHARED])
def test_import_of_each_vote_type_shows_the_official_outcome(app, client, db, vote_type):
    path = LOCAL.get(vote_type) or pabulib_file(SHARED[vote_type])
    result = _import(app, [path], "--slug", "imported")
    assert result.exit_code == 0, result.output
    cycle = db.session.scalar(db.select(Cycle).filter_by(slug="imported"))
    election = parse(path)
    (budget,) = cycle.budgets
    assert len(budget.projects) == len(election.projects)
    stored = db.session.scalar(
        db.select(db.func.count()).select_from(Ballot).where(Ballot.budget_id == budget.id)
    )
    assert stored == election.profile.num_voters
    official = _official_names(path)
    if election.official_selected() is not None:
        assert _funded_on_page(client, "imported") == official
    else:
        assert "no official outcome" in result.output
        assert "no official outcome" in client.get("/c/imported").get_data(as_text=True)
    assert client.get(f"/c/imported/results/{budget.id}/ballots.pb").status_code == 200


def test_a_city_with_districts_becomes_one_cycle(app, client, db):
    paths = [pabulib_file(name) for name in CITY]
    result = _import(app, paths)
    assert result.exit_code == 0, result.output
    cycle = db.session.scalar(db.select(Cycle).filter_by(slug="czestochowa-2025"))
    assert cycle is not None and len(cycle.budgets) == 4
    assert {b.district for b in cycle.budgets} == {parse(p).meta.get("subunit", "") for p in paths}
    assert "" in {b.district for b in cycle.budgets}  # the citywide budget
    expected = set().union(*(_official_names(p) for p in paths))
    assert _funded_on_page(client, cycle.slug) == expected


def test_a_broken_file_imports_nothing_and_names_line_and_reason(app, db, tmp_path):
    good = LOCAL["approval"]
    text = good.read_text(encoding="utf-8").split("\n")
    votes = text.index("VOTES")
    cells = text[votes + 3].split(";")
    cells[1] = "999999"  # a vote for no project
    text[votes + 3] = ";".join(cells)
    broken = tmp_path / "broken.pb"
    broken.write_text("\n".join(text), encoding="utf-8")
    result = _import(app, [good, broken])
    assert result.exit_code != 0
    assert f"line {votes + 4}" in result.output and "unknown project" in result.output
    assert "Nothing was imported" in result.output
    for model in (Cycle, Budget, Project, Ballot):
        assert _db.session.scalar(_db.select(_db.func.count()).select_from(model)) == 0

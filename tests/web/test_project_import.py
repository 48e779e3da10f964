"""Staff import a budget's projects from a CSV or a .pb: a preview lists every row's problems
and saves nothing; import adds all rows or none; refused once voting is open."""

from __future__ import annotations

import io

from pb.domain.phases import Phase
from pb.domain.project_rows import read_csv, read_pabulib
from pb.models import Project
from tests.conftest import DATA
from tests.factories import make_budget, make_cycle, make_user, sign_in

GOOD = "title,cost,category,district,description\nBenches,1200.50,Parks,North,Ten benches\nLights,800,Streets,,\n"
BAD = "title,cost,colour\n,12\nTrees,-5\nPaths,12.345\nFine,10\n"


def test_every_problem_of_every_row_is_named():
    upload = read_csv(BAD)
    assert not upload.ok
    assert upload.problems == [
        "unknown columns: colour (known: title, description, cost, category, district)"
    ]
    assert [(r.line, r.problems) for r in upload.rows] == [
        (2, ["title is empty"]),
        (3, ["cost must be more than 0"]),
        (4, ["cost must have at most 2 decimals and 12 digits before them"]),
        (5, []),
    ]
    assert read_csv(GOOD).ok
    pb = read_pabulib((DATA / "Poland_Warszawa_2019_Marysin_Wawerski_Poludniowy.pb").read_text())
    assert pb.ok and pb.rows[0].values["title"]


def _post(client, url, text, name="projects.csv", action="preview"):
    return client.post(
        url,
        data={"file": (io.BytesIO(text.encode()), name), "action": action},
        content_type="multipart/form-data",
    )


def test_preview_saves_nothing_and_import_adds_every_row(client, db):
    cycle = make_cycle("imp", Phase.IDEAS)
    budget = make_budget(cycle, costs=())
    sign_in(client, make_user("staff"))
    url = f"/admin/c/{cycle.slug}/budgets/{budget.id}/projects/import"
    bad = _post(client, url, BAD)
    assert (
        bad.status_code == 422
        and "title is empty" in bad.text
        and "cost must be more than 0" in bad.text
    )
    refused = _post(client, url, BAD, action="save")
    assert refused.status_code == 422
    preview = _post(client, url, GOOD)
    assert preview.status_code == 200 and "Import 2 projects" in preview.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 0
    done = client.post(url, data={"action": "save", "name": "projects.csv", "content": GOOD})
    assert done.status_code == 303
    titles = {(p.title, str(p.cost), p.district) for p in db.session.scalars(db.select(Project))}
    assert titles == {("Benches", "1200.50", "North"), ("Lights", "800.00", "")}
    cycle.phase = Phase.VOTING.value
    db.session.commit()
    frozen = client.post(url, data={"action": "save", "name": "p.csv", "content": GOOD})
    assert frozen.status_code == 409 and "frozen" in frozen.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 2

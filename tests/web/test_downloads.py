"""The open data downloads under the results: 404 before publication, files and ETags after,
links on the results page."""

from __future__ import annotations

import io
import zipfile

import pytest

from pb.domain.phases import Phase
from pb.services import tallying
from tests.exports.helpers import published_cycle
from tests.factories import make_budget, make_cycle


@pytest.fixture
def app(db_app):
    """These run on every database backend available (see tests/conftest.py)."""
    return db_app


def _urls(slug: str, budget_id: int) -> list[str]:
    return [
        f"/c/{slug}/results/{budget_id}/ballots.csv",
        f"/c/{slug}/results/{budget_id}/ballots.pb",
        f"/c/{slug}/results/{budget_id}/projects.csv",
        f"/c/{slug}/results/export.zip",
        f"/c/{slug}/results/recount.zip",
    ]


def test_exports_answer_404_while_voting_is_open_and_before_publication(client, db):
    cycle = make_cycle("open", Phase.VOTING)
    budget = make_budget(cycle)
    for url in _urls(cycle.slug, budget.id):
        assert client.get(url).status_code == 404, url
    cycle.phase = Phase.COUNTING.value
    db.session.commit()
    tallying.run_count(None, budget)
    for url in _urls(cycle.slug, budget.id):
        assert client.get(url).status_code == 404, url  # counted, not yet published


def test_published_exports_download_with_etags(client, db):
    cycle = published_cycle("approval", n=12)
    budget = cycle.budgets[0]
    page = client.get(f"/c/{cycle.slug}/results").get_data(as_text=True)
    for url in _urls(cycle.slug, budget.id):
        assert url in page
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["ETag"]
        assert "attachment" in response.headers["Content-Disposition"]
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
    assert client.get(f"/c/{cycle.slug}/results/999999/ballots.csv").status_code == 404
    with zipfile.ZipFile(io.BytesIO(client.get(f"/c/{cycle.slug}/results/export.zip").data)) as z:
        names = set(z.namelist())
    assert {"README.md", "LICENCE.txt", "recount.zip", f"budget-{budget.id}.pb"} <= names

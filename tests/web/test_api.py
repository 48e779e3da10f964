"""The read-only JSON API: every response matches the OpenAPI 3.1 document; results answer 404
until published; ETags."""

from __future__ import annotations

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_spec

from pb.domain.phases import Phase
from pb.services import tallying
from tests.exports.helpers import published_cycle
from tests.factories import make_budget, make_cycle


@pytest.fixture
def app(db_app):
    """These run on every database backend available (see tests/conftest.py)."""
    return db_app


def _check(client, doc, template: str, path: str, status: int) -> dict:
    response = client.get("/api/v1" + path)
    assert response.status_code == status, (path, response.get_data(as_text=True))
    assert response.content_type == "application/json"
    spec = doc["paths"][template]["get"]["responses"][str(status)]
    schema = spec["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator(
        {**schema, "components": doc["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    ).validate(response.get_json())
    return response.get_json()


def test_every_response_matches_the_openapi_document(client, db):
    doc = client.get("/api/v1/openapi.json").get_json()
    validate_spec(doc)
    voting = make_cycle("open-vote", Phase.VOTING)
    make_budget(voting)
    published = published_cycle("cumulative", n=12)
    counting = make_cycle("counted", Phase.COUNTING)
    tallying.run_count(None, make_budget(counting))
    seen = set()
    listing = _check(client, doc, "/cycles", "/cycles", 200)
    assert {c["slug"] for c in listing["cycles"]} == {voting.slug, published.slug, counting.slug}
    seen.add("/cycles")
    for slug in (voting.slug, published.slug, counting.slug):
        detail = _check(client, doc, "/cycles/{slug}", f"/cycles/{slug}", 200)
        assert detail["budgets"] and "score" not in str(detail["budgets"])
    seen.add("/cycles/{slug}")
    _check(client, doc, "/cycles/{slug}", "/cycles/nope", 404)
    for slug in (voting.slug, counting.slug, "nope"):
        _check(client, doc, "/cycles/{slug}/results", f"/cycles/{slug}/results", 404)
    results = _check(
        client, doc, "/cycles/{slug}/results", f"/cycles/{published.slug}/results", 200
    )
    seen.add("/cycles/{slug}/results")
    assert seen == set(doc["paths"])
    (budget,) = results["budgets"]
    assert any(p["selected"] for p in budget["projects"])
    for url in (*budget["exports"].values(), *results["exports"].values()):
        assert client.get(url).status_code == 200, url


def test_api_responses_carry_etags(client, db):
    published = published_cycle("approval", n=12)
    for path in ("/cycles", f"/cycles/{published.slug}", f"/cycles/{published.slug}/results"):
        first = client.get("/api/v1" + path)
        assert first.headers["ETag"]
        again = client.get("/api/v1" + path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304

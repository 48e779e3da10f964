"""The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`. A test validates
every response of the API against these schemas, so the document stays true."""

from __future__ import annotations

from typing import Any

from pb import __version__
from pb.domain.phases import Phase

NUMBER = {"type": "number"}
TEXT = {"type": "string"}
LINK = {"type": "string", "description": "an absolute URL"}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SUMMARY: dict[str, Any] = {
    "slug": TEXT,
    "name": TEXT,
    "phase": {"enum": [p.value for p in Phase]},
    "results_published": {"type": "boolean"},
    "links": _obj({"self": LINK, "results": {"type": ["string", "null"]}}),
}

SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": TEXT}),
    "CycleSummary": _obj(SUMMARY),
    "Cycles": _obj({"cycles": {"type": "array", "items": _ref("CycleSummary")}}),
    "Phase": _obj(
        {
            "phase": TEXT,
            "label": TEXT,
            "current": {"type": "boolean"},
            "starts_at": {"type": ["string", "null"], "format": "date-time"},
            "ends_at": {"type": ["string", "null"], "format": "date-time"},
        }
    ),
    "Project": _obj(
        {
            "id": {"type": "integer"},
            "title": TEXT,
            "summary": TEXT,
            "cost": NUMBER,
            "category": TEXT,
            "district": TEXT,
        }
    ),
    "Budget": _obj(
        {
            "id": {"type": "integer"},
            "name": TEXT,
            "district": TEXT,
            "amount": NUMBER,
            "currency": TEXT,
            "ballot_kind": {"enum": ["approval", "knapsack", "ranked", "cumulative"]},
            "rule": TEXT,
            "tie_break": TEXT,
            "projects": {"type": "array", "items": _ref("Project")},
        }
    ),
    "Cycle": _obj(
        {
            **SUMMARY,
            "description": TEXT,
            "phases": {"type": "array", "items": _ref("Phase")},
            "budgets": {"type": "array", "items": _ref("Budget")},
        }
    ),
    "ProjectResult": _obj(
        {
            "id": {"type": "integer"},
            "title": TEXT,
            "cost": NUMBER,
            "score": NUMBER,
            "selected": {"type": "boolean"},
            "funding_order": {"type": ["integer", "null"]},
            "explanation": TEXT,
        }
    ),
    "BudgetResult": _obj(
        {
            "id": {"type": "integer"},
            "name": TEXT,
            "ballots": {"type": "integer"},
            "rule": TEXT,
            "tie_break": TEXT,
            "amount": NUMBER,
            "currency": TEXT,
            "spent": NUMBER,
            "left": NUMBER,
            "ties": {"type": "array", "items": TEXT},
            "projects": {"type": "array", "items": _ref("ProjectResult")},
            "exports": _obj({"ballots_csv": LINK, "ballots_pb": LINK, "projects_csv": LINK}),
        }
    ),
    "Results": _obj(
        {
            "slug": TEXT,
            "name": TEXT,
            "budgets": {"type": "array", "items": _ref("BudgetResult")},
            "exports": _obj({"zip": LINK, "recount": LINK}),
        }
    ),
}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
NOT_FOUND = _json("Error", "no such cycle, or (results) not published yet")


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pb open data API",
            "version": __version__,
            "description": (
                "Read-only. Results, scores and exports exist only once a cycle's results are "
                "published: before that they answer 404. Responses carry an ETag."
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/cycles": {
                "get": {
                    "operationId": "listCycles",
                    "summary": "Every cycle, newest first",
                    "responses": {"200": _json("Cycles", "the cycles")},
                }
            },
            "/cycles/{slug}": {
                "get": {
                    "operationId": "getCycle",
                    "summary": "A cycle: its phases, budgets and projects (no vote counts)",
                    "parameters": [SLUG],
                    "responses": {"200": _json("Cycle", "the cycle"), "404": NOT_FOUND},
                }
            },
            "/cycles/{slug}/results": {
                "get": {
                    "operationId": "getResults",
                    "summary": "Published results with explanations and links to the exports",
                    "parameters": [SLUG],
                    "responses": {"200": _json("Results", "the results"), "404": NOT_FOUND},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }

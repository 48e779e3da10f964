"""The read-only JSON API, `/api/v1` (described by `/api/v1/openapi.json`). Every response
carries an ETag (its body's SHA-256) and answers 304 when the client has it already."""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, request, url_for

from pb.services import browsing, public_api
from pb.web.api.openapi import document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _link(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def _json(data, status: int = 200, cache: str = "public, max-age=60") -> Response:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    response = Response(body, status=status, content_type="application/json")
    if status == 200:
        response.headers["Cache-Control"] = cache
        response.set_etag(hashlib.sha256(body).hexdigest())
        return response.make_conditional(request)
    return response


def _not_found(what: str) -> Response:
    return _json({"error": what}, 404)


@bp.route("/openapi.json")
def openapi():
    return _json(document())


@bp.route("/cycles")
def cycles():
    return _json(public_api.cycles(_link))


@bp.route("/cycles/<slug>")
def cycle(slug: str):
    found = browsing.find_cycle(slug)
    if found is None:
        return _not_found(f"no cycle {slug!r}")
    return _json(public_api.cycle_detail(found, _link))


@bp.route("/cycles/<slug>/results")
def results(slug: str):
    found = browsing.find_cycle(slug)
    data = public_api.results(found, _link) if found is not None else None
    if data is None:
        return _not_found(f"no published results for {slug!r}")
    return _json(data)

"""The open data downloads under a cycle's results: per budget its ballots as CSV and `.pb`,
the whole cycle as a zip, and the recount bundle. 404 until the results are published; a
published file carries an ETag (its bytes' SHA-256), so a second download can be a 304."""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request

from pb.services import exports
from pb.web.guards import cycle_by_slug, or_404
from pb.web.public import bp

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "pb": "text/plain; charset=utf-8",
    "zip": "application/zip",
}


def published_export(slug: str) -> exports.Export:
    secret = current_app.secret_key
    key = secret.encode() if isinstance(secret, str) else secret
    return or_404(exports.export(cycle_by_slug(slug), key))


def send(data: bytes, name: str) -> Response:
    response = Response(data, content_type=TYPES[name.rsplit(".", 1)[1]])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    response.set_etag(hashlib.sha256(data).hexdigest())
    return response.make_conditional(request)


@bp.route("/c/<slug>/results/<int:budget_id>/ballots.<any(csv, pb):ext>")
def budget_ballots(slug: str, budget_id: int, ext: str):
    found = published_export(slug)
    prepared = or_404(found.budget(budget_id))
    files = found.budget_files(prepared)
    stem = f"{slug}-budget-{budget_id}"
    if ext == "csv":
        return send(files[f"budget-{budget_id}-ballots.csv"], f"{stem}-ballots.csv")
    return send(files[f"budget-{budget_id}.pb"], f"{stem}.pb")


@bp.route("/c/<slug>/results/<int:budget_id>/projects.csv")
def budget_projects(slug: str, budget_id: int):
    found = published_export(slug)
    prepared = or_404(found.budget(budget_id))
    data = found.budget_files(prepared)[f"budget-{budget_id}-projects.csv"]
    return send(data, f"{slug}-budget-{budget_id}-projects.csv")


@bp.route("/c/<slug>/results/export.zip")
def export_zip(slug: str):
    return send(published_export(slug).zip(), f"{slug}-export.zip")


@bp.route("/c/<slug>/results/recount.zip")
def recount_zip(slug: str):
    return send(published_export(slug).recount_zip(), f"{slug}-recount.zip")

"""The photos residents and staff uploaded, served from the database (any app machine can) with
an ETag and a long cache life (a name is never reused for other bytes), and with headers that
keep a browser from treating them as anything but an image."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from pb.services import photos
from pb.services.file_store import DatabaseStore

bp = Blueprint("media", __name__)


def uploads_store() -> DatabaseStore:
    """Where uploaded photos go; views pass it to the services that store or remove them."""
    return DatabaseStore()


@bp.route("/media/<name>")
def photo(name: str):
    # Photos stored before the database kept them are still read from the upload folder.
    blob = photos.fetch(name, uploads_store()) or photos.fetch(
        name, Path(current_app.config["PB_UPLOAD_DIR"])
    )
    if blob is None:
        abort(404)
    response = Response(blob.data, mimetype=blob.mimetype)
    response.set_etag(blob.etag)
    response.cache_control.public = True
    response.cache_control.max_age = 365 * 86400
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response.make_conditional(request)

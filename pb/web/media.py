"""The photos residents and staff uploaded, served from the upload directory with headers that
keep a browser from treating them as anything but an image."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_file

from pb.domain.uploads import MIME
from pb.services import photos

bp = Blueprint("media", __name__)


def upload_dir() -> Path:
    """Where uploaded photos live; views pass it to the services that store or remove them."""
    return Path(current_app.config["PB_UPLOAD_DIR"])


@bp.route("/media/<name>")
def photo(name: str):
    path = photos.path_of(name, upload_dir())
    if path is None:
        abort(404)
    response = send_file(path, mimetype=MIME[path.suffix], max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response

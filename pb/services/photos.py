"""Storing checked photos under the upload directory (instance/uploads by default)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from pb.domain.uploads import Photo, PhotoRejected, check_photo, is_stored_name
from pb.services.errors import Refused


def upload_dir() -> Path:
    return Path(current_app.config["PB_UPLOAD_DIR"])


def checked(data: bytes | None, field: str = "photo") -> Photo | None:
    """Check the bytes before anything is written; None when no file was sent."""
    if not data:
        return None
    try:
        return check_photo(data)
    except PhotoRejected as e:
        raise Refused(str(e), field=field) from None


def store(photo: Photo | None) -> str:
    """Write a checked photo under a fresh random name; return the name ("" for no photo)."""
    if photo is None:
        return ""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = photo.random_name()
    (folder / name).write_bytes(photo.data)
    return name


def discard(name: str) -> None:
    """Remove a stored photo (after the transaction that referenced it failed)."""
    if name and is_stored_name(name):
        (upload_dir() / name).unlink(missing_ok=True)


def path_of(name: str) -> Path | None:
    if not is_stored_name(name):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None

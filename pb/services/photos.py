"""Storing checked photos in an upload directory the caller names (the web layer reads it from
the app's configuration; the services never do)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pb.domain.uploads import Photo, PhotoRejected, check_photo, is_stored_name
from pb.services.errors import Refused


def checked(data: bytes | None, field: str = "photo") -> Photo | None:
    """Check the bytes before anything is written; None when no file was sent."""
    if not data:
        return None
    try:
        return check_photo(data)
    except PhotoRejected as e:
        raise Refused(str(e), field=field) from None


def store(photo: Photo | None, folder: Path | None) -> str:
    """Write a checked photo under a fresh random name; return the name ("" for no photo)."""
    if photo is None:
        return ""
    if folder is None:
        raise ValueError("A photo was sent but no upload directory was given.")
    folder.mkdir(parents=True, exist_ok=True)
    name = photo.random_name()
    (folder / name).write_bytes(photo.data)
    return name


def discard(name: str, folder: Path | None) -> None:
    """Remove a stored photo (after the transaction that referenced it failed)."""
    if name and folder is not None and is_stored_name(name):
        (folder / name).unlink(missing_ok=True)


@contextmanager
def stored_photo(data: bytes | None, folder: Path | None, field: str = "photo") -> Iterator[str]:
    """Check and store the photo, then run the block that references it by the name yielded
    ("" when none was sent). If the block fails, the stored file goes too: no orphan on disk.

        with photos.stored_photo(data, folder) as name, transaction():
            ...
    """
    name = store(checked(data, field), folder)
    try:
        yield name
    except BaseException:
        discard(name, folder)
        raise


def path_of(name: str, folder: Path) -> Path | None:
    if not is_stored_name(name):
        return None
    path = folder / name
    return path if path.is_file() else None

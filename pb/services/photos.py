"""Storing checked photos in a file store the caller names (pb/services/file_store.py; the web
layer passes the database store, the services never choose)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask_babel import gettext as _

from pb.domain.uploads import Photo, PhotoRejected, check_photo
from pb.services.errors import Refused
from pb.services.file_store import Blob, DirectoryStore, FileStore

# A store, or a folder (a DirectoryStore on it), or None when no photo can be sent.
Uploads = FileStore | Path | None


def _store(where: Uploads) -> FileStore | None:
    return DirectoryStore(where) if isinstance(where, Path) else where


def checked(data: bytes | None, field: str = "photo") -> Photo | None:
    """Check the bytes before anything is written; None when no file was sent."""
    if not data:
        return None
    try:
        return check_photo(data)
    except PhotoRejected as e:
        raise Refused(_(e.text.template, **e.text.params), field=field) from None


def store(photo: Photo | None, where: Uploads) -> str:
    """Store a checked photo under a fresh random name; return the name ("" for no photo)."""
    if photo is None:
        return ""
    target = _store(where)
    if target is None:
        raise ValueError("A photo was sent but no file store was given.")
    name = photo.random_name()
    target.put(name, photo.data)
    return name


def discard(name: str, where: Uploads) -> None:
    """Remove a stored photo (after the transaction that referenced it failed, or its row went)."""
    target = _store(where)
    if name and target is not None:
        target.discard(name)


@contextmanager
def stored_photo(data: bytes | None, where: Uploads, field: str = "photo") -> Iterator[str]:
    """Check and store the photo, then run the block that references it by the name yielded
    ("" when none was sent). If the block fails, the stored photo goes too: no orphan.

        with photos.stored_photo(data, store) as name, transaction():
            ...
    """
    name = store(checked(data, field), where)
    try:
        yield name
    except BaseException:
        discard(name, where)
        raise


def fetch(name: str, where: Uploads) -> Blob | None:
    target = _store(where)
    return target.get(name) if target is not None else None


def path_of(name: str, folder: Path) -> Path | None:
    """Where a photo stored in a folder is (photos stored before the database kept them)."""
    blob = DirectoryStore(folder).get(name)
    return folder / name if blob is not None else None

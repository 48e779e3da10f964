"""Where uploaded files live, behind one small interface: `put` inside the use case's
transaction, `get` to serve, `discard` when what referenced a file is gone.

`DatabaseStore` (what the app uses) keeps them in the database, so every app machine on the
same database serves every photo and a database backup holds them. `DirectoryStore` keeps them
in a folder: for one machine, the demo loader's callers in tests, and photos stored before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from pb.domain.uploads import MIME, is_stored_name
from pb.extensions import db
from pb.models.files import StoredFile


@dataclass(frozen=True)
class Blob:
    data: bytes
    mimetype: str
    etag: str


class FileStore(Protocol):
    def put(self, name: str, data: bytes) -> None: ...
    def get(self, name: str) -> Blob | None: ...
    def discard(self, name: str) -> None: ...


def _mime(name: str) -> str:
    return MIME["." + name.rpartition(".")[2]]


class DatabaseStore:
    def put(self, name: str, data: bytes) -> None:
        """Added to the session: the caller's transaction commits it with the row that names
        it, or rolls both back."""
        digest = hashlib.sha256(data).hexdigest()
        db.session.add(StoredFile(name=name, mimetype=_mime(name), sha256=digest, data=data))

    def get(self, name: str) -> Blob | None:
        if not is_stored_name(name):
            return None
        row = db.session.execute(
            select(StoredFile.data, StoredFile.mimetype, StoredFile.sha256).where(
                StoredFile.name == name
            )
        ).first()
        return Blob(row.data, row.mimetype, row.sha256) if row else None

    def discard(self, name: str) -> None:
        if not name or not is_stored_name(name):
            return
        row = db.session.get(StoredFile, name)
        if row is None:
            return
        if row in db.session.new:  # never committed (the use case refused before its commit)
            db.session.expunge(row)
            return
        db.session.delete(row)
        db.session.commit()


@dataclass(frozen=True)
class DirectoryStore:
    folder: Path

    def put(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / name).write_bytes(data)

    def get(self, name: str) -> Blob | None:
        if not is_stored_name(name) or not (self.folder / name).is_file():
            return None
        data = (self.folder / name).read_bytes()
        return Blob(data, _mime(name), hashlib.sha256(data).hexdigest())

    def discard(self, name: str) -> None:
        if name and is_stored_name(name):
            (self.folder / name).unlink(missing_ok=True)


def import_folder(folder: Path) -> int:
    """Copy photos stored in a folder (before the database kept them) into the database, so
    that every app machine serves them; returns how many were copied. Safe to run twice."""
    from pb.services.errors import transaction

    if not folder.is_dir():
        return 0
    have = set(db.session.scalars(select(StoredFile.name)))
    copied = 0
    with transaction():
        for path in sorted(folder.iterdir()):
            if is_stored_name(path.name) and path.name not in have and path.is_file():
                DatabaseStore().put(path.name, path.read_bytes())
                copied += 1
    return copied

"""Backups of the database that are safe while residents vote, and restoring one.

SQLite: the online backup API copies a consistent snapshot page by page, including what is
still in the write-ahead log (a plain file copy during the vote lost accepted ballots).
PostgreSQL: `pg_dump --format=custom` (one snapshot) and `pg_restore --clean`. Either way the
backup file is the owner's only (0600): it holds code hashes and sealed ballots.

What else a restore needs (SECRET_KEY, PB_CODE_PEPPER, the counting keys) is listed in
docs/deployment.md; the database alone is not enough.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy.engine import make_url

from pb.services.errors import Refused


def _private_file(path: Path) -> None:
    if path.exists():
        raise Refused(_("%(path)s exists; a backup is written only to a new file.", path=str(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _pg(url: str) -> tuple[str, list[str]]:
    """A libpq URL for pg_dump/pg_restore, and --schema options when the URL puts one schema
    first on the search path (as the tests do)."""
    parsed = make_url(url)
    options = parsed.query.get("options", "")
    options = " ".join(options) if isinstance(options, tuple) else options
    libpq = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    schemas = [
        part.split("=", 1)[1].split(",")[0]
        for part in options.split()
        if part.startswith("-csearch_path=")
    ]
    return libpq, [f"--schema={s}" for s in schemas]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise Refused(
            _("%(name)s is not installed (the PostgreSQL client tools are needed).", name=name)
        )
    return found


def backup(url: str, dest: Path) -> None:
    """Write a consistent backup of the database at `url` to the new file `dest`."""
    parsed = make_url(url)
    _private_file(dest)
    try:
        if parsed.get_backend_name() == "sqlite":
            source = sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True, timeout=30)
            target = sqlite3.connect(dest)
            try:
                source.backup(target)  # pages of a consistent snapshot; writers go on
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                target.close()
                source.close()
        else:
            libpq, schemas = _pg(url)
            subprocess.run(
                [_tool("pg_dump"), "--format=custom", f"--file={dest}", *schemas, libpq],
                check=True,
                capture_output=True,
            )
    except (sqlite3.Error, subprocess.CalledProcessError) as e:
        dest.unlink(missing_ok=True)
        detail = getattr(e, "stderr", b"") or str(e).encode()
        raise Refused(
            _("The backup failed: %(detail)s", detail=detail.decode(errors="replace").strip())
        ) from None


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup `source`. Stop the app first."""
    if not source.is_file():
        raise Refused(_("%(path)s is not a file.", path=str(source)))
    parsed = make_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            with open(source, "rb") as f:
                if not f.read(16).startswith(b"SQLite format 3"):
                    raise Refused(_("%(path)s is not a SQLite backup.", path=str(source)))
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            target = sqlite3.connect(parsed.database, timeout=30)
            try:
                src.backup(target)
            finally:
                target.close()
                src.close()
        else:
            libpq, schemas = _pg(url)
            subprocess.run(
                [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
                + [*schemas, f"--dbname={libpq}", str(source)],
                check=True,
                capture_output=True,
            )
    except (sqlite3.Error, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", b"") or str(e).encode()
        raise Refused(
            _("The restore failed: %(detail)s", detail=detail.decode(errors="replace").strip())
        ) from None

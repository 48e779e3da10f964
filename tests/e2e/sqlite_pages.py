"""What an attacker with a copy of a SQLite database reads below SQL: the WAL replayed commit by
commit (as a passive reader would), and the order of the cells in a table's leaf pages (new
cells are carved downward from the top of a page's content area, so a lower offset was written
later). The reference attacks are in ../shared/attacks; these are the project's own."""

from __future__ import annotations

import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path


def wal_commits(db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only view of the database after each commit held in its WAL, oldest first.

    A checkpoint may already have copied the WAL's first frames into the database file; a state
    from before the last of those frames would mix old pages with newer ones, so only commits
    at or after the backfilled frame are shown (the wal-index in -shm says where that is)."""
    tmp = Path(tempfile.mkdtemp())
    shm = Path(f"{db}-shm").read_bytes()
    shutil.copy(db, tmp / "base.db")
    wal = (Path(f"{db}-wal")).read_bytes()
    if len(wal) < 32:
        return
    backfilled = struct.unpack("=I", shm[96:100])[0] if len(shm) >= 100 else 0
    frame = 0
    _magic, _ver, psize, _seq, salt1, salt2, _c1, _c2 = struct.unpack(">8I", wal[:32])
    image = bytearray((tmp / "base.db").read_bytes())
    off = 32
    while off + 24 + psize <= len(wal):
        page, commit, s1, s2 = struct.unpack(">4I", wal[off : off + 16])
        if (s1, s2) != (salt1, salt2):
            break
        data = wal[off + 24 : off + 24 + psize]
        off += 24 + psize
        frame += 1
        if len(image) < page * psize:
            image.extend(bytes(page * psize - len(image)))
        image[(page - 1) * psize : page * psize] = data
        if commit and frame >= backfilled:
            del image[commit * psize :]
            path = tmp / "state.db"
            path.write_bytes(bytes(image))
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA journal_mode=DELETE")
            try:
                yield conn
            finally:
                conn.close()
    shutil.rmtree(tmp, ignore_errors=True)


def _varint(b: bytes, i: int) -> tuple[int, int]:
    v = 0
    for k in range(9):
        x = b[i]
        i += 1
        if k == 8:
            return (v << 8) | x, i
        v = (v << 7) | (x & 0x7F)
        if x < 0x80:
            return v, i
    return v, i


def _first_text(b: bytes, i: int) -> str:
    """The first column of a record, which for our WITHOUT ROWID tables is the text key."""
    header_len, j = _varint(b, i)
    serial, _ = _varint(b, j)
    n = (serial - 13) // 2
    start = i + header_len
    return b[start : start + n].decode()


def cells_in_write_order(db: Path, table: str) -> list[str]:
    """The keys of a WITHOUT ROWID table, leaf page by leaf page, each page's cells from the
    earliest written to the latest (highest offset first)."""
    conn = sqlite3.connect(db)
    psize = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    raw = db.read_bytes()
    order: list[str] = []

    def walk(page: int) -> None:
        base = (page - 1) * psize
        header = base + (100 if page == 1 else 0)
        kind = raw[header]
        ncells = struct.unpack(">H", raw[header + 3 : header + 5])[0]
        size = 12 if kind in (2, 5) else 8
        pointers = [
            struct.unpack(">H", raw[header + size + 2 * k : header + size + 2 * k + 2])[0]
            for k in range(ncells)
        ]
        if kind == 2:  # interior index page: each cell a left child and a key of its own
            for p in pointers:
                walk(struct.unpack(">I", raw[base + p : base + p + 4])[0])
                _payload, i = _varint(raw, base + p + 4)
                order.append(_first_text(raw, i))
            walk(struct.unpack(">I", raw[header + 8 : header + 12])[0])
        elif kind == 10:  # leaf index page
            for p in sorted(pointers, reverse=True):
                _payload, i = _varint(raw, base + p)
                order.append(_first_text(raw, i))

    walk(root)
    return order


def rank_correlation(a: list[int], b: list[int]) -> float:
    """Spearman's rank correlation of two sequences of distinct values."""
    import numpy as np

    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    return float(np.corrcoef(ra, rb)[0, 1])

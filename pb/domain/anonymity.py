"""What makes a ballot export safe to publish.

- `shuffled`: rows in a cryptographically random order (the operating system's randomness), so
  that no position says when a ballot was cast; the export then numbers them 1..n.
- `neutral`: a spreadsheet runs a cell that starts with `= + - @`, a tab or a carriage return as
  a formula; such cells get a leading apostrophe (OWASP's CSV injection advice).
- `k_anonymize`: voter attributes (channel, answers) are published only where every combination
  of published values is shared by at least k ballots. Age bands are merged first; rows still in
  a group smaller than k lose all their attributes (suppressed); when that would take more than
  a tenth of the ballots, the attribute whose removal helps most is dropped instead, and so on.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows suppressed at most, as a share of all ballots, before an attribute is dropped instead.
MAX_SUPPRESSED = 0.1


class KeyedRandom(random.Random):
    """A cryptographic random stream from a secret key (HMAC-SHA256 in counter mode): the same
    key gives the same order, so an export's bytes, its ETag and its manifest stay the same
    from one download to the next, while no one without the key can predict or undo it."""

    def __init__(self, key: bytes):
        self._key, self._counter, self._buffer = key, 0, b""
        super().__init__()

    def seed(self, *args, **kwargs) -> None:  # random.Random.__init__ calls it; nothing to seed
        pass

    def _bytes(self, n: int) -> bytes:
        while len(self._buffer) < n:
            block = hmac.new(self._key, self._counter.to_bytes(8, "big"), hashlib.sha256)
            self._buffer += block.digest()
            self._counter += 1
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out

    def getrandbits(self, k: int) -> int:
        if k == 0:
            return 0
        n = (k + 7) // 8
        return int.from_bytes(self._bytes(n), "big") >> (8 * n - k)

    def random(self) -> float:
        return self.getrandbits(53) * 2.0**-53

    def getstate(self):
        raise NotImplementedError("a keyed stream has no state to save")

    def setstate(self, state):
        raise NotImplementedError("a keyed stream has no state to restore")


def random_source(key: bytes | None) -> random.Random:
    """The operating system's randomness, or a keyed stream when a key is given."""
    return secrets.SystemRandom() if key is None else KeyedRandom(key)


def shuffled(rows: Sequence[T], rng: random.Random | None = None) -> list[T]:
    out = list(rows)
    (rng or secrets.SystemRandom()).shuffle(out)
    return out


def neutral(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


@dataclass
class Anonymized:
    rows: list[dict[str, str]]  # one per ballot, same order; "" = suppressed
    columns: list[str]  # the attributes still published
    notes: list[str] = field(default_factory=list)  # what was generalized, suppressed, dropped


def groups(rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> Counter:
    return Counter(tuple(r.get(c, "") for c in columns) for r in rows)


def k_anonymize(
    rows: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    k: int,
    levels: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
    labels: Mapping[str, str] | None = None,
    rng: random.Random | None = None,
) -> Anonymized:
    """`levels[column]` lists value maps from finest (level 0) to coarsest; `labels` names the
    columns in the notes."""
    levels = levels or {}
    labels = labels or {}
    columns = list(columns)
    notes: list[str] = []
    n = len(rows)
    if columns and n < k:
        notes.append(
            f"No voter attributes are published: {n} ballots are fewer than k = {k}, the "
            "smallest group of ballots that may share a published combination."
        )
        return Anonymized([{} for _ in rows], [], notes)
    while columns:
        for level in range(max((len(levels.get(c, ())) for c in columns), default=1) or 1):
            current = [_generalize(r, columns, levels, level) for r in rows]
            result = _suppress(current, columns, k, rng or secrets.SystemRandom())
            if result is not None:
                published, suppressed = result
                for c in columns:
                    if c in levels and min(level, len(levels[c]) - 1) > 0:
                        notes.append(
                            f"{labels.get(c, c)}: bands merged into "
                            f"{', '.join(sorted(set(levels[c][min(level, len(levels[c]) - 1)].values()), key=_order))} "
                            f"so that every group has at least {k} ballots."
                        )
                if suppressed:
                    notes.append(
                        f"{suppressed} ballots are published without attributes (suppressed): "
                        f"their combination was shared by fewer than {k} ballots."
                    )
                return Anonymized(published, columns, notes)
        dropped = _least_useful(rows, columns, k, levels)
        columns.remove(dropped)
        notes.append(
            f"{labels.get(dropped, dropped)} is not published: with it, too many groups had "
            f"fewer than {k} ballots."
        )
    return Anonymized([{} for _ in rows], [], notes)


def _least_useful(rows, columns: list[str], k: int, levels) -> str:
    """The column whose removal leaves the fewest ballots in groups smaller than k (at the
    coarsest bands); on a tie the last one, so that earlier columns (the channel) stay."""

    def small_without(column: str) -> int:
        rest = [c for c in columns if c != column]
        coarse = [_generalize(r, rest, levels, 10**6) for r in rows]
        sizes = groups(coarse, rest)
        return sum(n for n in sizes.values() if n < k)

    return min(reversed(columns), key=small_without)


def _order(value: str) -> tuple[int, str]:
    head = value.split("-")[0]
    return (int(head), value) if head.isdigit() else (10**9, value)


def _generalize(row, columns, levels, level: int) -> dict[str, str]:
    out = {}
    for c in columns:
        value = row.get(c, "")
        maps = levels.get(c)
        if maps and value:
            value = maps[min(level, len(maps) - 1)].get(value, value)
        out[c] = value
    return out


def _suppress(rows: list[dict[str, str]], columns, k: int, rng: random.Random):
    """Rows with attributes blanked where their group is smaller than k, and how many; None
    when that would blank too many. Blank rows form a group too: when there are fewer than k of
    them, rows of the largest group join them (chosen at random), so no group is smaller than k."""
    sizes = groups(rows, columns)
    small = [i for i, r in enumerate(rows) if sizes[tuple(r[c] for c in columns)] < k]
    if not small:
        return rows, 0
    if len(small) > MAX_SUPPRESSED * len(rows):
        return None
    blank = set(small)
    if len(blank) < k:
        largest, size = max(sizes.items(), key=lambda kv: kv[1])
        need = k - len(blank)
        if size - need < k:
            return None
        members = [i for i, r in enumerate(rows) if tuple(r[c] for c in columns) == largest]
        blank.update(rng.sample(members, need))
    out = [({c: "" for c in columns} if i in blank else r) for i, r in enumerate(rows)]
    return out, len(blank)

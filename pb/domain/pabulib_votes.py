"""The VOTES section, read and written column-wise: a million ballots in about a second.

Rows are split by pandas' C parser; column counts are checked on the raw bytes (count of `;` per
line) because pandas silently pads short rows; the `vote` and `points` columns are joined into
one string, split once, and mapped to project indices through `pd.factorize`, so no Python code
runs per ballot. Files with double quotes in VOTES (none in pabulib today) take a csv-module path.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

import numpy as np

from pb.domain import pabulib_fields as fields
from pb.domain.election import Election, Profile
from pb.domain.pabulib_fields import PabulibError, csv_rows, fit_row, header_columns
from pb.domain.text import N_, Text

if TYPE_CHECKING:
    import pandas as pd

# Written with a leading literal "\n" so that re scans at memchr speed.
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")
_SPECIAL = (";", '"', "\n")
_CHUNK = 1 << 20  # vote tokens looked up per block


def parse_votes(
    text: str, first_line: int, index: dict[str, int], vote_type: str, *, voter_ids: bool = True
) -> tuple[Profile, tuple[str, ...]]:
    header_line, raw, body, body_line = _header(text, first_line)
    columns = header_columns(raw, header_line, "VOTES")
    for name in fields.missing_required("VOTES", columns, vote_type):
        raise PabulibError(N_("VOTES header has no %(name)s column"), header_line, name=name)
    ballots = None
    if '"' in body:
        df, lines = _read_quoted(body, body_line, columns, len(raw))
    else:
        df, lines, ballots = _read_plain(body, body_line, columns, len(raw), index, voter_ids)
    if df is not None and "voter_id" in df.columns:
        _check_voter_ids(df["voter_id"].to_numpy(object), lines)
    if ballots is None:
        offsets, items = _ballots(df["vote"].to_numpy(object), lines, index)
    else:
        offsets, items = ballots
    if vote_type == "choose-1":
        long = np.flatnonzero(np.diff(offsets) > 1)
        if len(long):
            i = long[0]
            raise PabulibError(
                N_("a choose-1 ballot names at most one project; this one names %(count)s"),
                lines[i],
                count=str(offsets[i + 1] - offsets[i]),
            )
    _check_repeats(offsets, items, lines, list(index))
    points = None
    if "points" in columns:
        points = _points(df["points"].to_numpy(object), offsets, lines)
    for name in columns:
        spec = fields.field("VOTES", name)
        if spec.type not in ("text", "ids", "ints"):
            _check_column(df[name], spec, lines)
    voters = None
    if df is not None:
        voters = df.drop(columns=[c for c in ("vote", "points") if c in df.columns])
    profile = Profile(offsets=offsets, items=items, points=points, voter_table=voters)
    return profile, tuple(columns)


def _header(text: str, first_line: int) -> tuple[int, list[str], str, int]:
    pos, line = 0, first_line
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            row = next(csv.reader([text[pos:end]], delimiter=";"))
            return line, row, text[end + 1 :], line + 1
        pos, line = end + 1, line + 1
    raise PabulibError(N_("VOTES has no header row"), first_line)


def _read_plain(
    body: str,
    body_line: int,
    columns: list[str],
    width: int,
    index: dict[str, int],
    voter_ids: bool = True,
):
    """(the other columns as text, line numbers, (offsets, items) or None): the vote column is
    read straight from the bytes when it can be (see `_vote_bytes`), so a million ballots never
    become millions of Python strings."""
    body = body.rstrip("\n")
    lines = None
    first_end = body.find("\n")
    if _BLANK_LINE.search(body) or not body[: first_end if first_end >= 0 else None].strip():
        # Rare: blank lines inside VOTES. Drop them but keep every row's true line number.
        raw_lines = body.split("\n")
        keep = [i for i, s in enumerate(raw_lines) if s.strip()]
        body = "\n".join(raw_lines[i] for i in keep)
        lines = body_line + np.asarray(keep, dtype=np.int64)
    if not body:
        import pandas as pd

        empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
        return empty, np.zeros(0, int), None
    encoded = body.encode("utf-8")
    del body
    data = np.frombuffer(encoded, dtype=np.uint8)
    # int32 byte positions (a VOTES section under 2 GB) halve the index arrays.
    pos_type = np.int32 if len(data) < 2**31 - 1 else np.int64
    newlines = np.flatnonzero(data == 10).astype(pos_type)
    starts = np.concatenate(([0], newlines + 1)).astype(pos_type)
    ends = np.concatenate((newlines, [len(data)])).astype(pos_type)
    semis = np.flatnonzero(data == 59).astype(pos_type)
    counts = np.searchsorted(semis, ends) - np.searchsorted(semis, starts) + 1
    if lines is None:
        lines = body_line + np.arange(len(counts), dtype=np.int64)
    bad = np.flatnonzero((counts < len(columns)) | (counts > max(width, len(columns))))
    if len(bad):
        i = bad[0]
        raise PabulibError(
            N_("%(section)s row has %(got)s fields, expected %(want)s"),
            lines[i],
            section="VOTES",
            got=str(counts[i]),
            want=str(len(columns)),
        )
    names = columns + [f"\0{k}" for k in range(len(columns), width)]
    k = columns.index("vote")
    first = np.searchsorted(semis, starts)
    vote_start = starts if k == 0 else semis[first + k - 1] + 1
    vote_end = np.where(counts - 1 > k, semis[np.minimum(first + k, len(semis) - 1)], ends)
    del first, semis, newlines
    ballots = _vote_bytes(data, vote_start, vote_end, lines, index)
    if not voter_ids and ballots is not None and sorted(names) == ["vote", "voter_id"]:
        id_start = starts if names[0] == "voter_id" else vote_end + 1
        id_end = vote_start - 1 if names[0] == "voter_id" else ends
        if _check_id_bytes(data, id_start, id_end, lines):
            return None, lines, ballots  # no column is kept: pandas is never loaded
    keep = [c for c in names if c != "vote"] if ballots is not None else names
    import pandas as pd

    df = pd.read_csv(
        io.BytesIO(encoded),  # not StringIO, which holds 4 bytes per character
        encoding="utf-8",
        sep=";",
        header=None,
        names=names,
        usecols=keep,
        dtype=object,
        na_filter=False,
        engine="c",
        quoting=csv.QUOTE_NONE,
        skip_blank_lines=False,
    )
    for extra in names[len(columns) :]:
        filled = np.flatnonzero(df[extra].to_numpy(object) != "")
        if len(filled):
            i = filled[0]
            raise PabulibError(
                N_("%(section)s row has %(got)s fields, expected %(want)s"),
                lines[i],
                section="VOTES",
                got=str(counts[i]),
                want=str(len(columns)),
            )
    return df[[c for c in columns if c in df.columns]], lines, ballots


def _vote_bytes(
    data: np.ndarray, start: np.ndarray, end: np.ndarray, lines: np.ndarray, index: dict[str, int]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Ballots from the vote fields' byte ranges: every id of at most 8 bytes is packed into one
    64-bit key and looked up among the projects' keys. None (the caller reads the column as
    text) when an id is longer or a vote holds a space or tab (ids are stripped there)."""
    if len(start) == 0:
        return None
    commas = np.flatnonzero(data == 44).astype(start.dtype)
    field = np.searchsorted(start, commas, side="right")
    field -= 1
    field = field.astype(start.dtype)
    inside = field >= 0
    np.maximum(field, 0, out=field)
    inside &= commas < end[field]
    commas, field = commas[inside], field[inside]
    del inside
    blank = np.flatnonzero((data == 32) | (data == 9))
    if len(blank):
        at = np.searchsorted(start, blank, side="right") - 1
        if ((at >= 0) & (blank < end[np.maximum(at, 0)])).any():
            return None
    nonempty = end > start
    per_field = np.bincount(field, minlength=len(start)) + 1
    lengths = np.where(nonempty, per_field, 0)
    if (~nonempty & (per_field > 1)).any():  # cannot happen: a comma makes the field nonempty
        return None
    offsets = np.zeros(len(start) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    del per_field, lengths
    tok_start = np.concatenate((start[nonempty], commas + 1))
    tok_start.sort()
    tok_end = np.concatenate((commas, end[nonempty]))
    tok_end.sort()
    del commas, field
    longest = max(
        (
            int((tok_end[lo : lo + _CHUNK] - tok_start[lo : lo + _CHUNK]).max())
            for lo in range(0, len(tok_start), _CHUNK)
        ),
        default=0,
    )
    if longest > 8:
        return None
    ids, where = [], []
    for pid, j in index.items():
        raw = pid.encode("utf-8")
        if 0 < len(raw) <= longest:  # a longer id matches no token
            ids.append(int.from_bytes(raw, "little"))
            where.append(j)
    # Ids of at most 4 bytes (most pabulib files) fit 32-bit keys: half the memory.
    key_type = np.uint32 if longest <= 4 else np.uint64
    find = _Lookup(np.asarray(ids, dtype=key_type), np.asarray(where, dtype=np.int32))
    items = np.empty(len(tok_start), dtype=np.int32)
    # In blocks, so that the per-token keys and positions never exist for all tokens at once.
    for lo in range(0, len(tok_start), _CHUNK):
        first, size = (
            tok_start[lo : lo + _CHUNK],
            tok_end[lo : lo + _CHUNK] - tok_start[lo : lo + _CHUNK],
        )
        keys = _pack(data, first, size, longest, key_type)
        found, project = find(keys)
        found &= size > 0
        missing = np.flatnonzero(~found)
        if len(missing):
            m = lo + missing[0]
            token = bytes(data[tok_start[m] : tok_end[m]]).decode("utf-8", "replace")
            problem = (
                Text(N_("vote names unknown project %(id)s"), {"id": repr(token)})
                if token
                else Text(N_("vote has an empty project id"))
            )
            raise PabulibError(problem, lines[_row_of(offsets, m)])
        items[lo : lo + _CHUNK] = project
    return offsets, items


class _Lookup:
    """Project index by packed id key. A binary search costs about 25 ms per million tokens;
    a multiply-shift hash into a table with no two ids in one slot costs a few. A table of 4n
    slots is tried first (small enough to stay in cache; pabulib's numbered ids often hash
    apart there), then one of about n**2 slots, where a random odd multiplier is collision-free
    more often than not; past 2**22 slots, or when no fixed multiplier works, it searches."""

    _MULTIPLIERS = np.random.default_rng(20261208).integers(1, 2**63, 16, dtype=np.uint64) | 1
    _MAX_BITS = 22

    def __init__(self, keys: np.ndarray, projects: np.ndarray):
        order = np.argsort(keys)
        self.keys, self.projects = keys[order], projects[order]
        self.shift = None
        n = len(keys)
        if not n:
            return
        wide = self.keys.astype(np.uint64)
        small, square = (4 * n - 1).bit_length(), (n * n).bit_length() + 1
        for bits in sorted({small, square}):
            if bits > self._MAX_BITS:
                break
            shift = np.uint64(64 - bits)
            for multiplier in self._MULTIPLIERS:
                slots = (wide * multiplier) >> shift
                if len(np.unique(slots)) == n:
                    self.multiplier, self.shift = multiplier, shift
                    self.slot = np.zeros(1 << bits, dtype=np.int32)
                    self.slot[slots] = np.arange(n, dtype=np.int32)
                    return

    def __call__(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found, project index where found) for each key."""
        if not len(self.keys):
            return np.zeros(len(keys), bool), np.zeros(len(keys), np.int32)
        if self.shift is not None:
            pos = self.slot[(keys.astype(np.uint64) * self.multiplier) >> self.shift]
        else:
            pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return self.keys[pos] == keys, self.projects[pos]


def _check_id_bytes(
    data: np.ndarray, start: np.ndarray, end: np.ndarray, lines: np.ndarray
) -> bool:
    """`_check_voter_ids` on the bytes, for ids of at most 8 bytes: False (read them as text
    instead) for longer ones."""
    size = end - start
    if len(size) == 0 or size.max() > 8:
        return False
    empty = np.flatnonzero(size == 0)
    if len(empty):
        raise PabulibError(N_("voter_id must not be empty"), lines[empty[0]])
    keys = _pack(data, start, size, int(size.max()), np.uint64)
    order = np.argsort(keys, kind="stable")  # equal ids stay in file order
    again = np.flatnonzero(keys[order[1:]] == keys[order[:-1]]) + 1
    if len(again):
        row = int(order[again].min())  # the first row, in file order, whose id came before
        first = int(order[np.searchsorted(keys[order], keys[row])])
        text = bytes(data[start[row] : end[row]]).decode("utf-8", "replace")
        raise PabulibError(
            N_("voter_id %(id)s appears twice (first on line %(first)s)"),
            lines[row],
            id=repr(text),
            first=str(lines[first]),
        )
    return True


def _pack(
    data: np.ndarray, first: np.ndarray, size: np.ndarray, longest: int, key_type: type
) -> np.ndarray:
    """Each token's bytes as one little-endian integer (shorter tokens padded with zeros)."""
    keys = np.zeros(len(first), dtype=key_type)
    at = first.copy()
    for b in range(longest):
        byte = data[np.minimum(at, len(data) - 1, out=at)]
        byte[size <= b] = 0
        keys |= byte.astype(key_type) << key_type(8 * b)
        at += 1
    return keys


def _read_quoted(body: str, body_line: int, columns: list[str], width: int):
    rows, lines = [], []
    for line, row in csv_rows(body_line, body):
        rows.append(fit_row(row, len(columns), width, line, "VOTES"))
        lines.append(line)
    import pandas as pd

    df = pd.DataFrame(rows, columns=columns, dtype=object)
    for name in ("vote", "points"):
        broken = [i for i, cell in enumerate(df[name] if name in columns else []) if "\n" in cell]
        if broken:
            raise PabulibError(N_("%(name)s spans several lines"), lines[broken[0]], name=name)
    return df, np.asarray(lines, dtype=np.int64)


def _check_voter_ids(ids: np.ndarray, lines: np.ndarray) -> None:
    empty = np.flatnonzero(ids == "")
    if len(empty):
        raise PabulibError(N_("voter_id must not be empty"), lines[empty[0]])
    import pandas as pd

    dup = np.flatnonzero(pd.Series(ids).duplicated().to_numpy())
    if len(dup):
        first = np.flatnonzero(ids == ids[dup[0]])[0]
        raise PabulibError(
            N_("voter_id %(id)s appears twice (first on line %(first)s)"),
            lines[dup[0]],
            id=repr(ids[dup[0]]),
            first=str(lines[first]),
        )


def _split(column: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Comma-separated cells -> (offsets, tokens); an empty cell is an empty list."""
    n = len(column)
    nonempty = column != ""
    cells = column if n and nonempty.all() else column[nonempty]
    big = "\n".join(cells.tolist())
    data = np.frombuffer(big.encode("utf-8"), dtype=np.uint8)
    commas = np.flatnonzero(data == 44)
    seg_ends = np.concatenate((np.flatnonzero(data == 10), [len(data)]))[: len(cells)]
    per_cell = np.diff(np.searchsorted(commas, seg_ends), prepend=0) + 1
    lengths = np.zeros(n, dtype=np.int64)
    lengths[nonempty] = per_cell
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    tokens = big.replace("\n", ",").split(",") if len(cells) else []
    return offsets, tokens


def _row_of(offsets: np.ndarray, position: int) -> int:
    return int(np.searchsorted(offsets, position, side="right") - 1)


def _ballots(votes: np.ndarray, lines: np.ndarray, index: dict[str, int]):
    offsets, tokens = _split(votes)
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(tokens, dtype=object))
    mapping = np.fromiter((index.get(u.strip(), -1) for u in uniques), np.int32, len(uniques))
    items = mapping[codes] if len(codes) else np.zeros(0, dtype=np.int32)
    unknown = np.flatnonzero(items < 0)
    if len(unknown):
        token = tokens[unknown[0]].strip()
        problem = (
            Text(N_("vote names unknown project %(id)s"), {"id": repr(token)})
            if token
            else Text(N_("vote has an empty project id"))
        )
        raise PabulibError(problem, lines[_row_of(offsets, unknown[0])])
    return offsets, items.astype(np.int32, copy=False)


def _check_repeats(offsets: np.ndarray, items: np.ndarray, lines: np.ndarray, ids: list[str]):
    """A project named twice in one vote is an error (it would count twice for some rules and
    once for others). Up to 64 projects a bit set per ballot (one reduceat) settles it; beyond,
    a sort of (ballot, project) keys. Block by block, so the temporaries stay small."""
    if len(items) == 0:
        return
    block = 1 << 17
    for lo in range(0, len(offsets) - 1, block):
        hi = min(lo + block, len(offsets) - 1)
        ballot = _repeat_in(offsets[lo : hi + 1], items, len(ids))
        if ballot is not None:
            ballot += lo
            named = items[offsets[ballot] : offsets[ballot + 1]].tolist()
            twice = next(j for k, j in enumerate(named) if j in named[:k])
            raise PabulibError(
                N_("vote names project %(id)s more than once"), lines[ballot], id=repr(ids[twice])
            )


def _repeat_in(offsets: np.ndarray, items: np.ndarray, num_projects: int) -> int | None:
    """The first ballot (counted from offsets[0]'s) that names a project twice, or None."""
    lengths = np.diff(offsets)
    chunk = items[offsets[0] : offsets[-1]]
    if len(chunk) == 0:
        return None
    if num_projects <= 64:
        starts = (offsets[:-1] - offsets[0])[lengths > 0]
        bits = np.left_shift(np.uint64(1), chunk.astype(np.uint64))
        distinct = np.bitwise_count(np.bitwise_or.reduceat(bits, starts))
        bad = np.flatnonzero(distinct != lengths[lengths > 0])
        return int(np.flatnonzero(lengths > 0)[bad[0]]) if len(bad) else None
    ballot_of = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    keys = np.sort(ballot_of * num_projects + chunk)
    same = np.flatnonzero(keys[1:] == keys[:-1])
    return int(keys[same[0]] // num_projects) if len(same) else None


def _points(column: np.ndarray, vote_offsets: np.ndarray, lines: np.ndarray) -> np.ndarray:
    offsets, tokens = _split(column)
    differs = np.flatnonzero(np.diff(offsets) != np.diff(vote_offsets))
    if len(differs):
        i = differs[0]
        have, want = offsets[i + 1] - offsets[i], vote_offsets[i + 1] - vote_offsets[i]
        raise PabulibError(
            N_("points has %(have)s values but vote names %(want)s projects"),
            lines[i],
            have=str(have),
            want=str(want),
        )
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(tokens, dtype=object))
    values = np.zeros(len(uniques), dtype=np.int64)
    for k, text in enumerate(uniques):
        problem = None
        try:
            value = fields.integer(text)
        except ValueError:
            problem = Text(N_("points must be whole numbers, not %(text)s"), {"text": repr(text)})
        else:
            if value < 0:
                problem = Text(
                    N_("points must not be negative, not %(value)s"), {"value": str(value)}
                )
            elif value > fields.MAX_POINTS:
                problem = Text(
                    N_("points must be at most %(most)s, not %(text)s"),
                    {"most": fields.MAX_POINTS, "text": text.strip()},
                )
            else:
                values[k] = value
        if problem:
            row = _row_of(offsets, int(np.flatnonzero(codes == k)[0]))
            raise PabulibError(problem, lines[row])
    return values[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def _check_column(column: pd.Series, spec: fields.FieldSpec, lines: np.ndarray) -> None:
    values = column.to_numpy(object)
    import pandas as pd

    for text in pd.unique(values):
        if text.strip():
            _, problem = spec.convert(text)
            if problem:
                raise PabulibError(problem, lines[np.flatnonzero(values == text)[0]])


def _join_ragged(tokens: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per ballot, its tokens joined by commas (one big join, no per-ballot Python)."""
    n = len(offsets) - 1
    out = np.full(n, "", dtype=object)
    if len(tokens) == 0:
        return out
    lengths = np.diff(offsets)
    nonempty = lengths > 0
    seps = np.full(len(tokens), ",", dtype=object)
    seps[offsets[1:][nonempty] - 1] = "\n"
    both = np.empty(2 * len(tokens), dtype=object)
    both[0::2], both[1::2] = tokens, seps
    out[nonempty] = "".join(both.tolist()).split("\n")[:-1]
    return out


def _quoted(values: np.ndarray) -> np.ndarray:
    if not any(ch in "\0".join(values.tolist()) for ch in _SPECIAL):
        return values
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    return np.array([_quote_one(v, writer, out) for v in values.tolist()], dtype=object)


def _quote_one(value: str, writer, out: io.StringIO) -> str:
    if not any(ch in value for ch in _SPECIAL):
        return value
    out.seek(0)
    out.truncate()
    writer.writerow([value])
    return out.getvalue()[:-1]


def write_votes(election: Election) -> str:
    """The VOTES section: header row and one row per ballot."""
    profile = election.profile
    for p in election.projects:
        if "," in p.id or "\n" in p.id:
            raise ValueError(f"project id {p.id!r} cannot be written: votes separate ids by commas")
    ids = np.array([p.id for p in election.projects], dtype=object)
    cells: dict[str, np.ndarray] = {"vote": _join_ragged(ids[profile.items], profile.offsets)}
    if profile.points is not None:
        distinct, inverse = np.unique(profile.points, return_inverse=True)
        as_text = np.array([str(int(v)) for v in distinct], dtype=object)
        cells["points"] = _join_ragged(as_text[inverse], profile.offsets)
    columns = list(election.vote_columns)
    if profile.points is not None and "points" not in columns:
        columns.insert(columns.index("vote") + 1, "points")
    cols = []
    for name in columns:
        if name in cells:
            values = cells[name]
        elif name in profile.voters.columns:
            values = profile.voters[name].astype(str).to_numpy(object)
        else:
            values = np.full(profile.num_voters, "", dtype=object)
        cols.append(_quoted(values))
    header = ";".join(_quoted(np.array(columns, dtype=object)).tolist())
    if profile.num_voters == 0:
        return header + "\n"
    return header + "\n" + "\n".join(map(";".join, zip(*cols, strict=True))) + "\n"

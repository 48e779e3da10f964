"""Read and write pabulib `.pb` files (pabulib.org/format; Stolicki, Szufa, Talmon, "Pabulib:
A Participatory Budgeting Library", arXiv:2012.06539).

A file has three sections, META, PROJECTS and VOTES, each a `;`-separated CSV table under a line
holding only the section name. META and PROJECTS are small and read row by row with the csv
module; VOTES can hold a million rows and is read column-wise (see `pabulib_votes`).

Every problem raises `PabulibError` naming the line; nothing half-read is ever returned.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from pb.domain import pabulib_fields as fields
from pb.domain.election import Election, Project
from pb.domain.pabulib_fields import PabulibError, csv_rows, fit_row, header_columns
from pb.domain.pabulib_votes import parse_votes, write_votes
from pb.domain.text import N_

__all__ = ["PabulibError", "parse", "parse_text", "write", "write_file", "format_number"]

SECTION_NAMES = ("META", "PROJECTS", "VOTES")


def parse(source: str | Path | TextIO, *, voter_ids: bool = True) -> Election:
    """An election from a path or an open file (text or binary). `voter_ids=False` checks the
    voter ids as strictly but does not keep them (the tally never reads them; a million ids are
    60 MB of Python strings) when VOTES has no other voter column."""
    if hasattr(source, "read"):
        data = source.read()
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise PabulibError(
                N_("cannot read %(source)s: %(reason)s"),
                source=str(source),
                reason=str(exc.strerror or exc),
            ) from None
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise PabulibError(N_("not UTF-8 text"), line) from None
    return parse_text(data, voter_ids=voter_ids)


def parse_text(text: str, *, voter_ids: bool = True) -> Election:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\0")
    if nul >= 0:
        raise PabulibError(
            N_("holds a NUL byte (a binary or damaged file)"), text.count("\n", 0, nul) + 1
        )
    sections = _split_sections(text)
    meta, meta_lines = _parse_meta(*sections["META"])
    vote_type = meta["vote_type"]
    projects, project_columns = _parse_projects(*sections["PROJECTS"])
    votes_line, votes_text = sections["VOTES"]
    index = {p.id: i for i, p in enumerate(projects)}
    profile, vote_columns = parse_votes(
        votes_text, votes_line, index, vote_type, voter_ids=voter_ids
    )
    for key, actual, what in (
        (
            "num_projects",
            len(projects),
            N_("%(key)s is %(said)s but there are %(actual)s PROJECTS rows"),
        ),
        (
            "num_votes",
            profile.num_voters,
            N_("%(key)s is %(said)s but there are %(actual)s VOTES rows"),
        ),
    ):
        if key in meta and meta[key] and int(meta[key]) != actual:
            raise PabulibError(what, meta_lines[key], key=key, said=meta[key], actual=str(actual))
    _check_lengths(meta, meta_lines, len(projects))
    return Election(
        meta=meta,
        projects=tuple(projects),
        profile=profile,
        project_columns=project_columns,
        vote_columns=vote_columns,
    )


def _check_lengths(meta: dict[str, str], meta_lines: dict[str, int], num_projects: int) -> None:
    """min_length and max_length must be satisfiable. Ballots themselves are not held to them:
    real pabulib files hold ballots outside the declared lengths (the count still uses them)."""
    low = int(meta["min_length"]) if meta.get("min_length") else None
    high = int(meta["max_length"]) if meta.get("max_length") else None
    if low is not None and low > num_projects:
        raise PabulibError(
            N_("min_length is %(low)s but there are only %(count)s projects"),
            meta_lines["min_length"],
            low=str(low),
            count=str(num_projects),
        )
    if low is not None and high is not None and low > high:
        raise PabulibError(
            N_("min_length %(low)s is above max_length %(high)s"),
            meta_lines["min_length"],
            low=str(low),
            high=str(high),
        )


def _split_sections(text: str) -> dict[str, tuple[int, str]]:
    """Section name -> (line number of its first content line, its text)."""
    starts: list[tuple[int, str, int]] = []  # (offset of header line, name, offset after it)
    for name in SECTION_NAMES:
        for pos in _header_positions(text, name):
            end = text.find("\n", pos)
            starts.append((pos, name, len(text) if end < 0 else end + 1))
    starts.sort()
    seen: dict[str, int] = {}
    for pos, name, _ in starts:
        line = text.count("\n", 0, pos) + 1
        if name in seen:
            raise PabulibError(
                N_("section %(name)s appears twice (first on line %(first)s)"),
                line,
                name=name,
                first=str(seen[name]),
            )
        seen[name] = line
    for name in SECTION_NAMES:
        if name not in seen:
            raise PabulibError(N_("missing section %(name)s"), text.count("\n") + 1, name=name)
    before = text[: starts[0][0]]
    if before.strip():
        raise PabulibError(
            N_("expected a section name (%(names)s)"), 1, names=", ".join(SECTION_NAMES)
        )
    result = {}
    for k, (_, name, body) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        result[name] = (seen[name] + 1, text[body:end])
    return result


def _header_positions(text: str, name: str) -> Iterator[int]:
    # str.find runs at memchr speed, unlike a multiline regex over a 30 MB VOTES section.
    pos = 0 if text.startswith(name) else text.find("\n" + name) + 1
    while pos > 0 or (pos == 0 and text.startswith(name)):
        end = text.find("\n", pos)
        rest = text[pos + len(name) : len(text) if end < 0 else end]
        if not rest.strip():
            yield pos
        nxt = text.find("\n" + name, pos + 1)
        if nxt < 0:
            return
        pos = nxt + 1


def _parse_meta(first_line: int, text: str) -> tuple[dict[str, str], dict[str, int]]:
    rows = csv_rows(first_line, text)
    head = next(rows, None)
    if head is None or [c.strip() for c in head[1] if c.strip()] != ["key", "value"]:
        raise PabulibError(N_("META must start with the header row key;value"), first_line)
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, row in rows:
        key, value = fit_row(row, 2, len(row), line, "META") if len(row) != 1 else [row[0], ""]
        key, value = key.strip(), value.strip()
        if not key:
            raise PabulibError(N_("META row has an empty key"), line)
        if key in meta:
            raise PabulibError(
                N_("META key %(key)s appears twice (first on line %(first)s)"),
                line,
                key=repr(key),
                first=str(lines[key]),
            )
        if value:
            _, problem = fields.field("META", key).convert(value)
            if problem:
                raise PabulibError(problem, line)
        meta[key] = value
        lines[key] = line
    vote_type = meta.get("vote_type") or "approval"
    for name in fields.missing_required("META", {k for k, v in meta.items() if v}, vote_type):
        raise PabulibError(N_("META has no %(name)s"), first_line, name=name)
    return meta, lines


def _parse_projects(first_line: int, text: str) -> tuple[list[Project], tuple[str, ...]]:
    rows = csv_rows(first_line, text)
    head = next(rows, None)
    if head is None:
        raise PabulibError(N_("PROJECTS has no header row"), first_line)
    header_line, raw = head
    columns = header_columns(raw, header_line, "PROJECTS")
    for name in fields.missing_required("PROJECTS", columns, "approval"):
        raise PabulibError(N_("PROJECTS header has no %(name)s column"), header_line, name=name)
    known = [fields.field("PROJECTS", c) for c in columns]
    projects: list[Project] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        values = fit_row(row, len(columns), len(raw), line, "PROJECTS")
        record = dict(zip(columns, values, strict=True))
        pid, cost_text = record.pop("project_id").strip(), record.pop("cost").strip()
        if not pid:
            raise PabulibError(N_("project_id must not be empty"), line)
        if pid in seen:
            raise PabulibError(
                N_("project_id %(id)s appears twice (first on line %(first)s)"),
                line,
                id=repr(pid),
                first=str(seen[pid]),
            )
        seen[pid] = line
        if not cost_text:
            raise PabulibError(N_("project %(id)s has no cost"), line, id=pid)
        for spec, value in zip(known, values, strict=True):
            if value.strip():
                _, problem = spec.convert(value)
                if problem:
                    raise PabulibError(
                        N_("project %(id)s: %(problem)s"), line, id=pid, problem=problem
                    )
        projects.append(Project(pid, Fraction(cost_text), record))
    return projects, tuple(columns)


def format_number(x: Fraction) -> str:
    """Exact decimal text when there is one (1404775.68), else `p/q`, which `parse` accepts."""
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    den, digits = x.denominator, 0
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return f"{x.numerator}/{x.denominator}"
    while (x * 10**digits).denominator != 1:
        digits += 1
    scaled = abs(x.numerator * 10**digits // x.denominator)
    sign = "-" if x < 0 else ""
    whole, frac = divmod(scaled, 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def _csv_lines(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return out.getvalue()


def write(election: Election) -> str:
    """The election as `.pb` text (LF line endings, columns in the election's order)."""
    meta_rows = [["key", "value"], *([k, str(v)] for k, v in election.meta.items())]
    columns = list(election.project_columns)
    project_rows = [columns]
    for p in election.projects:
        values = {"project_id": p.id, "cost": format_number(p.cost)}
        project_rows.append([values.get(c, p.fields.get(c, "")) for c in columns])
    return (
        "META\n"
        + _csv_lines(meta_rows)
        + "PROJECTS\n"
        + _csv_lines(project_rows)
        + "VOTES\n"
        + write_votes(election)
    )


def write_file(election: Election, path: str | Path) -> None:
    Path(path).write_text(write(election), encoding="utf-8", newline="\n")

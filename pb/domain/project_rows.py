"""Projects read from a staff upload before voting opens: a CSV (title, description, cost,
category, district; a header row names the columns, in any order) or the PROJECTS section of a
pabulib `.pb` (name, cost, description, category, district). Every row is checked and every
problem named, so that the preview shows them all before anything is saved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pb.domain.text import Text

COLUMNS = ("title", "description", "cost", "category", "district")
REQUIRED = ("title", "cost")
# pabulib's PROJECTS column -> ours
FROM_PABULIB = {"name": "title", "cost": "cost", "description": "description",
                "category": "category", "district": "district"}  # fmt: skip
LIMITS = {"title": 200, "category": 100, "district": 100}
MAX_COST = Decimal("999999999999.99")  # Numeric(14, 2)


@dataclass
class Row:
    line: int
    values: dict[str, str]
    cost: Decimal | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Upload:
    rows: list[Row]
    problems: list[str | Text]  # about the file as a whole (a Text from the pabulib reader)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(r.problems for r in self.rows)


def _check(row: Row) -> Row:
    for name in REQUIRED:
        if not row.values.get(name, "").strip():
            row.problems.append(f"{name} is empty")
    for name, limit in LIMITS.items():
        if len(row.values.get(name, "")) > limit:
            row.problems.append(f"{name} is longer than {limit} characters")
    text = row.values.get("cost", "").strip().replace(" ", "")
    if text:
        try:
            cost = Decimal(text)
        except InvalidOperation:
            row.problems.append(f"cost {text!r} is not a number")
        else:
            if not cost.is_finite() or cost <= 0:
                row.problems.append("cost must be more than 0")
            elif cost > MAX_COST or cost != cost.quantize(Decimal("0.01")):
                row.problems.append("cost must have at most 2 decimals and 12 digits before them")
            else:
                row.cost = cost
    return row


def read_csv(text: str) -> Upload:
    text = text.lstrip("\ufeff")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        return Upload([], ["the file is empty"])
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    unknown = [n for n in names if n and n not in COLUMNS]
    problems = []
    if missing:
        problems.append(f"the header row has no {' and no '.join(missing)} column")
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)} (known: {', '.join(COLUMNS)})")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names)}
        row = Row(line, {c: values.get(c, "") for c in COLUMNS})
        if len(cells) > len(names):
            row.problems.append(f"{len(cells)} cells, the header names {len(names)}")
        rows.append(_check(row))
    if not rows and not problems:
        problems.append("the file has no project rows")
    return Upload(rows, problems)


def read_pabulib(text: str) -> Upload:
    """The PROJECTS section of a `.pb` (the other sections are not needed)."""
    from pb.domain.pabulib_fields import PabulibError, csv_rows, header_columns

    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    try:
        start = next(i for i, s in enumerate(lines) if s.strip() == "PROJECTS")
    except StopIteration:
        return Upload([], ["the file has no PROJECTS section"])
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].strip() in ("META", "VOTES")),
        len(lines),
    )
    body = "\n".join(lines[start + 1 : end])
    try:
        rows_iter = csv_rows(start + 2, body)
        head = next(rows_iter, None)
        if head is None:
            return Upload([], ["PROJECTS has no header row"])
        columns = header_columns(head[1], head[0], "PROJECTS")
        rows = []
        for line, cells in rows_iter:
            record = dict(zip(columns, (c.strip() for c in cells), strict=False))
            values = {ours: record.get(theirs, "") for theirs, ours in FROM_PABULIB.items()}
            if not values["title"] and record.get("project_id"):
                values["title"] = f"Project {record['project_id']}"
            rows.append(_check(Row(line, {c: values.get(c, "") for c in COLUMNS})))
    except PabulibError as e:
        return Upload([], [e.text])
    problems = [] if "cost" in columns else ["PROJECTS has no cost column"]
    if not rows and not problems:
        problems.append("PROJECTS has no rows")
    return Upload(rows, problems)


def read_upload(name: str, text: str) -> Upload:
    is_pb = name.lower().endswith(".pb") or text.lstrip("\ufeff").startswith("META")
    return read_pabulib(text) if is_pb else read_csv(text)

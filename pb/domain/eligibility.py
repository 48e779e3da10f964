"""Eligibility lists: who may get a voter code, known only by keyed hashes of the fields that
identify a person (resident number, or name + date of birth + postcode, ...).

People type these fields in many ways; the hash must not care. `normalize_field` drops case,
accents, spaces and punctuation ("  Zoë  Dupont-Ley " and "zoe dupontley" are one person), so the
same person matches however the list and the resident wrote them.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import unicodedata
from dataclasses import dataclass, field

from pb.domain.text import N_, TextError

SEPARATOR = "\x1f"  # between fields: ("ab", "c") and ("a", "bc") must hash apart


# Letters that carry no separable accent, so that Unicode decomposition leaves them alone: what a
# keyboard without them types instead.
_PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
)


def normalize_field(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold()).translate(_PLAIN_LETTERS)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def identity_hash(values: list[str], pepper: str | bytes) -> str:
    """Keyed hash (hex) of a person's identifying fields, in the list's column order."""
    key = pepper.encode() if isinstance(pepper, str) else pepper
    if not key:
        raise ValueError("the pepper must not be empty")
    message = "eligibility" + SEPARATOR + SEPARATOR.join(normalize_field(v) for v in values)
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def normalize_email(address: str) -> str:
    return address.strip().casefold()


def contact_hash(channel: str, address: str, pepper: str | bytes) -> str:
    """Keyed hash of an email address or phone number (normalized first)."""
    key = pepper.encode() if isinstance(pepper, str) else pepper
    if not key:
        raise ValueError("the pepper must not be empty")
    message = "contact" + SEPARATOR + channel + SEPARATOR + address
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Row:
    line: int  # in the file, counting the header as line 1
    values: tuple[str, ...]  # the identifying fields, in column order
    district: str = ""
    email: str = ""


@dataclass
class ListPreview:
    columns: list[str]  # every column of the file
    rows: list[Row] = field(default_factory=list)  # the rows that can be saved
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong)


class ListError(TextError):
    """The file cannot be read as a list with the chosen columns."""


def read_header(data: bytes) -> list[str]:
    return _reader(data)[0]


def _reader(data: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ListError(N_("The file is not UTF-8 text: save it as 'CSV UTF-8'.")) from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows or not any(c.strip() for c in rows[0]):
        raise ListError(N_("The file is empty: the first line must name the columns."))
    return [c.strip() for c in rows[0]], rows[1:]


def read_list(
    data: bytes, id_columns: list[str], district_column: str = "", email_column: str = ""
) -> ListPreview:
    """Read a CSV list: rows with every identifying field, and the problems of the others
    (missing fields, the same person again: the first row counts). Nothing is hashed yet."""
    header, body = _reader(data)
    if not id_columns:
        raise ListError(N_("Choose at least one column that identifies a person."))
    for name in [*id_columns, district_column, email_column]:
        if name and name not in header:
            raise ListError(N_("The file has no column %(name)s."), name=repr(name))
    index = {name: header.index(name) for name in header}
    preview = ListPreview(columns=header)
    first_line: dict[tuple[str, ...], int] = {}
    for number, cells in enumerate(body, start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells=cells) -> str:
            i = index[name]
            return cells[i].strip() if i < len(cells) else ""

        values = tuple(cell(c) for c in id_columns)
        missing = [c for c, v in zip(id_columns, values, strict=True) if not normalize_field(v)]
        if missing:
            preview.problems.append((number, f"missing {', '.join(missing)}"))
            continue
        key = tuple(normalize_field(v) for v in values)
        if key in first_line:
            preview.problems.append((number, f"the same person as on line {first_line[key]}"))
            continue
        first_line[key] = number
        row = Row(
            number,
            values,
            cell(district_column) if district_column else "",
            cell(email_column) if email_column else "",
        )
        preview.rows.append(row)
    return preview

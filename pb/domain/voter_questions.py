"""The optional questions staff may add at the end of a ballot: fixed lists, never free text.

An answer travels sealed with the ballot as `key=value` (pb.domain.envelopes: values are short
ASCII words), is exported as a voter attribute under k-anonymity (pb.domain.anonymity), and,
where pabulib has a VOTES column for it, written into the `.pb` under that column's name.
Age bands are written the way pabulib writes age buckets ("25-34"), so that merging bands for
k-anonymity ("25-44") stays in the same format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str  # the sealed answer's key and the exported column
    label: str  # what the voter reads
    options: tuple[tuple[str, str], ...]  # (value, label)
    pabulib: str | None  # pabulib's VOTES column, or None when pabulib has none (CSV only)

    def labels(self) -> dict[str, str]:
        return dict(self.options)


AGE_BANDS = (
    ("0-17", "Under 18"),
    ("18-24", "18 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65-74", "65 to 74"),
    ("75-120", "75 or older"),
)
# Coarser and coarser age bands for k-anonymity: each level merges neighbouring bands.
AGE_LEVELS: tuple[dict[str, str], ...] = (
    {v: v for v, _ in AGE_BANDS},
    {
        "0-17": "0-24",
        "18-24": "0-24",
        "25-34": "25-44",
        "35-44": "25-44",
        "45-54": "45-64",
        "55-64": "45-64",
        "65-74": "65-120",
        "75-120": "65-120",
    },
    {v: ("0-44" if int(v.split("-")[0]) < 45 else "45-120") for v, _ in AGE_BANDS},
)

FIXED: dict[str, Question] = {
    q.key: q
    for q in (
        Question("age", "Your age", AGE_BANDS, "age"),
        Question(
            "sex",
            "Your gender",
            (("F", "Woman"), ("M", "Man"), ("O", "Another gender")),
            "sex",
        ),
        Question(
            "first_time",
            "Is this the first time you vote in a participatory budget?",
            (("yes", "Yes"), ("no", "No")),
            None,
        ),
    )
}
NEIGHBOURHOOD = "neighborhood"  # pabulib's spelling; the options are the cycle's districts
KEYS = (*FIXED, NEIGHBOURHOOD)
LABELS = {
    **{k: q.label for k, q in FIXED.items()},
    NEIGHBOURHOOD: "Your neighbourhood",
}


def slug(name: str) -> str:
    """An ASCII value for a district name, fit to travel inside an envelope (short enough that
    every answer fits the room envelopes keep for them, pb.domain.envelopes.ANSWERS_ROOM)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_. -]", "", text).strip()[:40].strip() or "district"


def questions_for(keys: Sequence[str], districts: Sequence[str]) -> list[Question]:
    """The cycle's questions, in the order of KEYS, with the neighbourhood's options taken from
    the cycle's districts."""
    found = []
    for key in KEYS:
        if key not in keys:
            continue
        if key == NEIGHBOURHOOD:
            if districts:
                options = tuple((slug(d), d) for d in districts)
                found.append(Question(NEIGHBOURHOOD, LABELS[key], options, "neighborhood"))
        else:
            found.append(FIXED[key])
    return found


def parse_keys(text: str) -> list[str]:
    """The stored "age,sex" setting as keys; unknown keys are dropped."""
    return [k for k in (s.strip() for s in text.split(",")) if k in KEYS]


def read_answers(questions: Sequence[Question], form: Mapping[str, str]) -> dict[str, str]:
    """The answers a voter gave (field `q_<key>`); an unanswered or unknown value is left out:
    every question is optional, and nothing outside the fixed lists is ever kept."""
    answers = {}
    for q in questions:
        value = (form.get(f"q_{q.key}") or "").strip()
        if value and value in q.labels():
            answers[q.key] = value
    return answers

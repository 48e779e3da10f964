"""Paper ballots typed from the keyboard: the project numbers printed on the paper ballot
become the same form a web ballot sends, so one set of rules (pb.domain.ballots) checks both.

    approval, knapsack   "3 7 12"          the ticked projects
    ranked               "7 3 12"          first choice first
    cumulative           "3:5 7:2"         project:points
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence

from pb.domain.text import N_, TextError

Form = dict[str, list[str]]

_SPLIT = re.compile(r"[\s,;]+")


class PaperTypo(TextError):
    """What was typed cannot be read as project numbers of this ballot."""


def _number(word: str, count: int) -> int:
    if not word.isdigit() or not 1 <= int(word) <= count:
        raise PaperTypo(
            N_("%(word)s is not a project number of this ballot (1 to %(count)s)."),
            word=repr(word),
            count=count,
        )
    return int(word)


def form_from_numbers(kind: str, typed: str, project_ids: Sequence[str]) -> Form:
    """The ballot form for `typed` (see the module's doc); `project_ids` in paper order."""
    words = [w for w in _SPLIT.split(typed.strip()) if w]
    count = len(project_ids)
    if kind == "cumulative":
        form: Form = {}
        for word in words:
            number, sep, points = word.partition(":")
            if not sep or not points.isdigit():
                raise PaperTypo(N_("%(word)s: write project:points, e.g. 3:5."), word=repr(word))
            key = f"points-{project_ids[_number(number, count) - 1]}"
            if key in form:
                raise PaperTypo(N_("Project %(number)s is typed twice."), number=number)
            form[key] = [points]
        return form
    numbers = [_number(w, count) for w in words]
    if len(set(numbers)) != len(numbers):
        raise PaperTypo(N_("A project number is typed twice."))
    if kind == "ranked":
        return {f"rank-{project_ids[n - 1]}": [str(rank)] for rank, n in enumerate(numbers, 1)}
    return {"project": [project_ids[n - 1] for n in numbers]}


def entry_digest(key: str, batch_id: int, number: int, code_hash: str, form: Form) -> str:
    """A keyed digest of one typing of one paper ballot: two typings match when they agree on
    the code and the choices, and the stored digest alone tells neither."""
    canonical = json.dumps(
        [batch_id, number, code_hash, sorted((k, sorted(v)) for k, v in form.items())]
    )
    return hmac.new(key.encode(), canonical.encode(), hashlib.sha256).hexdigest()

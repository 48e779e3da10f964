"""Import pabulib `.pb` files as a closed, counted and published cycle, so that any pabulib
election can be browsed and explained on pb (`flask import-pb`).

One budget per file; files given together become one cycle (a city's citywide file and its
districts). Every file is read and checked before anything is written: a file that fails names
its line and the reason, and nothing is imported. The count shown is the file's own outcome
(PROJECTS `selected`) when the file has one; pb's rule is the file's own rule, or the nearest
one pb runs, said plainly in the result's notes.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from flask_babel import gettext as _

from pb.domain.election import Election
from pb.domain.pabulib import PabulibError, parse_text
from pb.domain.phases import Phase
from pb.domain.tally import RULES, TieUnresolved, UnsupportedRule, tally
from pb.extensions import db
from pb.models import Ballot, Budget, Count, Cycle, Project, User
from pb.models.audit import record
from pb.models.types import utcnow
from pb.services.errors import Refused, said, transaction

# pabulib vote_type -> pb's ballot kind (choose-1 is approval of one project; scoring ballots
# give points as cumulative ones do, and pb counts them the same way)
KINDS = {
    "approval": "approval",
    "choose-1": "approval",
    "ordinal": "ranked",
    "cumulative": "cumulative",
    "scoring": "cumulative",
}
CHANNELS = {"internet": "online", "paper": "paper"}


class ImportFailed(Refused):
    """A file that cannot be imported; nothing was."""


@dataclass
class Imported:
    cycle: Cycle
    notes: list[str] = field(default_factory=list)


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "imported"


def read_files(files: Sequence[tuple[str, str]]) -> list[tuple[str, Election]]:
    """(name, text) -> (name, election); the first bad file raises ImportFailed with its line."""
    elections = []
    for name, text in files:
        try:
            election = parse_text(text)
        except PabulibError as e:
            raise ImportFailed(
                _("%(file)s: %(problem)s. Nothing was imported.", file=name, problem=said(e.text))
            ) from None
        for p in election.projects:
            if p.cost <= 0:
                raise ImportFailed(
                    _(
                        "%(file)s: project %(project)s costs %(cost)s; pb needs a positive cost. "
                        "Nothing was imported.",
                        file=name,
                        project=p.id,
                        cost=str(p.cost),
                    )
                )
        if election.budget <= 0:
            raise ImportFailed(
                _("%(file)s: the budget must be positive. Nothing was imported.", file=name)
            )
        elections.append((name, election))
    if not elections:
        raise ImportFailed(_("No file given."))
    return elections


def rule_for(election: Election) -> tuple[str, str | None]:
    """pb's rule for the file, and a note when it is not the file's own."""
    own = election.rule
    if own in RULES and RULES[own].supports(election.vote_type):
        return own, None
    if own in (None, "", "unknown"):
        return "greedy", "The file does not name its rule; pb counts with greedy."
    return "greedy", f"The file's rule {own!r} is not one pb runs; pb counts with greedy."


def _int(election: Election, key: str) -> int | None:
    value = election.meta_number(key)
    return int(value) if value is not None else None


def _budget(cycle: Cycle, name: str, election: Election, used: set[str]) -> Budget:
    meta = election.meta
    kind = KINDS[election.vote_type]
    district = meta.get("subunit") or meta.get("district") or ""
    title = (district or meta.get("description") or name)[:200]
    base, n = title, 2
    while title in used:
        title = f"{base} ({n})"[:200]
        n += 1
    used.add(title)
    settings: dict = {}
    if kind in ("approval", "ranked"):
        settings["min_picks"] = _int(election, "min_length")
        settings["max_picks"] = (
            1 if election.vote_type == "choose-1" else _int(election, "max_length")
        )
    if kind == "approval" and election.meta_number("max_sum_cost") is not None:
        kind = "knapsack"
        settings["max_sum_cost"] = Decimal(str(float(election.meta_number("max_sum_cost"))))
    if kind == "cumulative":
        points = election.profile.points
        most = _int(election, "max_sum_points")
        if most is None and points is not None and len(points):
            import numpy as np

            sums = np.add.reduceat(points, election.profile.offsets[:-1]) if len(points) else []
            most = int(max(sums)) if len(sums) else 1
        settings["total_points"] = most
        settings["max_points_per_project"] = _int(election, "max_points")
    rule, _note = rule_for(election)
    return Budget(
        cycle=cycle,
        name=title,
        district=district[:100],
        amount=Decimal(str(election.budget)),
        currency=(meta.get("currency") or "EUR")[:3],
        ballot_kind=kind,
        rule=rule,
        tie_break="id",
        **settings,
    )


def _text(value: str, size: int) -> str:
    return " ".join(value.split())[:size]


def _money(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def import_files(
    actor: User | None, files: Sequence[tuple[str, str]], slug: str | None = None
) -> Imported:
    """A published cycle from the pabulib files (name, text); ImportFailed leaves nothing."""
    elections = read_files(files)
    first = elections[0][1].meta
    unit = first.get("unit", "") or "Imported"
    instance = first.get("instance", "")
    slug = slug or _slugify(f"{unit}-{instance}")
    if db.session.scalar(db.select(Cycle.id).filter_by(slug=slug)) is not None:
        raise ImportFailed(
            _("A cycle with the slug %(slug)s exists already; choose another.", slug=repr(slug))
        )
    notes: list[str] = []
    outcomes = []
    for name, election in elections:
        rule, note = rule_for(election)
        if note:
            notes.append(f"{name}: {note}")
        try:
            outcome = tally(election, rule, "id")
        except (UnsupportedRule, TieUnresolved, ValueError) as e:
            raise ImportFailed(
                _(
                    "%(file)s: pb cannot count it (%(problem)s). Nothing was imported.",
                    file=name,
                    problem=str(e),
                )
            ) from None
        outcomes.append(outcome)
    with transaction():
        cycle = Cycle(
            slug=slug,
            name=_text(f"{unit} {instance}".strip(), 200),
            description=_text(first.get("description", ""), 2000),
            phase=Phase.RESULTS.value,
            country=_text(first.get("country", ""), 60),
            unit=_text(unit, 100),
            language=(first.get("language", "") or "en")[:2],
        )
        db.session.add(cycle)
        used: set[str] = set()
        for (name, election), outcome in zip(elections, outcomes, strict=True):
            budget = _budget(cycle, name, election, used)
            db.session.add(budget)
            ids = {}
            for position, p in enumerate(election.projects):
                project = Project(
                    title=_text(p.name or f"Project {p.id}", 200),
                    description=p.fields.get("description", ""),
                    cost=_money(p.cost),
                    category=_text(p.fields.get("category", ""), 100),
                    district=_text(
                        p.fields.get("district", "") or p.fields.get("neighborhood", ""), 100
                    ),
                    position=position,
                )
                budget.projects.append(project)
                ids[p.id] = project
            db.session.flush()
            db_id = {pid: str(project.id) for pid, project in ids.items()}
            _ballots(budget, election, db_id)
            data = _outcome_json(outcome, db_id)
            official = election.official_selected()
            if official is None:
                notes.append(f"{name}: the file has no official outcome; pb's count is shown.")
            elif set(official) != set(outcome.selected):
                notes.append(
                    f"{name}: the official outcome differs from pb's {outcome.rule}; the "
                    "official outcome is shown."
                )
                scores = outcome.scores
                order = sorted(official, key=lambda pid: (-scores.get(pid, 0), pid))
                data["selected"] = [db_id[pid] for pid in order]
                data["explanations"] = {
                    db_id[p.id]: "Funded in the official outcome."
                    if p.id in official
                    else "Not funded in the official outcome."
                    for p in election.projects
                }
                spent = sum(p.cost for p in election.projects if p.id in official)
                data["spent"] = float(spent) if Fraction(spent).denominator != 1 else int(spent)
                left = election.budget - spent
                data["left"] = float(left) if Fraction(left).denominator != 1 else int(left)
            db.session.add(
                Count(
                    budget_id=budget.id,
                    rule=outcome.rule,
                    tie_break=outcome.tie_break,
                    ballots=election.profile.num_voters,
                    outcome=json.dumps(data, sort_keys=True),
                    created_by_id=actor.id if actor is not None else None,
                    published_at=utcnow(),
                )
            )
        # What the import decided (rule substitutions, official outcomes) is said on the cycle.
        intro = _text(first.get("description", ""), 2000)
        decided = "\n".join(f"- {note}" for note in notes)
        cycle.description = f"{intro}\n\nImported from pabulib.\n{decided}".strip()
        record(actor, "cycle.import_pb", f"cycle:{slug}", files=[n for n, _ in elections])
    return Imported(cycle, notes)


def _outcome_json(outcome, db_id: dict[str, str]) -> dict:
    data = outcome.to_json()
    data["selected"] = [db_id[pid] for pid in data["selected"]]
    data["scores"] = {db_id[k]: v for k, v in data["scores"].items()}
    data["explanations"] = {db_id[k]: v for k, v in data["explanations"].items()}
    return data


def _ballots(budget: Budget, election: Election, db_id: dict[str, str]) -> None:
    from pb.domain.ballots import encode_choices

    profile = election.profile
    ids = [db_id[p.id] for p in election.projects]
    methods = (
        profile.voters["voting_method"].tolist()
        if "voting_method" in profile.voters
        else [""] * profile.num_voters
    )
    rows = []
    for i in range(profile.num_voters):
        start, end = int(profile.offsets[i]), int(profile.offsets[i + 1])
        chosen = [ids[j] for j in profile.items[start:end].tolist()]
        if budget.ballot_kind == "ranked":
            selection = {pid: rank for rank, pid in enumerate(chosen, 1)}
        elif budget.ballot_kind == "cumulative":
            points = profile.points[start:end].tolist() if profile.points is not None else []
            selection = dict(zip(chosen, (int(x) for x in points), strict=True))
        else:
            selection = dict.fromkeys(chosen, 1)
        rows.append(
            {
                "id": uuid.uuid4().hex,
                "budget_id": budget.id,
                "choices": encode_choices(budget.ballot_kind, selection),
                "channel": CHANNELS.get(str(methods[i]).strip(), "online"),
                "answers": "",
            }
        )
    if rows:
        db.session.execute(db.insert(Ballot), rows)

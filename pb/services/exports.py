"""Open data: a published cycle's ballots as CSV and pabulib files, the whole cycle as a zip,
and the recount bundle. Nothing is exported before the results are published (callers answer
404 on None).

The order of the ballots is a keyed cryptographic shuffle (`secret`, e.g. the app's secret key,
with the budget's published count): no one can relate it to the order of casting, and the same
publication gives the same bytes on every download, so ETags and the recount manifest's hashes
stay put. Without a secret every download is shuffled afresh.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from pb import __version__
from pb.domain import open_data
from pb.domain.anonymity import random_source
from pb.domain.ballots import decode_choices, get_kind
from pb.domain.bundle import BudgetParams, build_bundle, zip_files
from pb.domain.phases import Phase
from pb.domain.voter_questions import parse_keys, questions_for
from pb.extensions import db
from pb.models import Ballot, Budget, Count, Cycle
from pb.models.schedule import schedule_of
from pb.services.tallying import latest_counts
from pb.services.voting import rules_of

PUBLISHED_PHASES = (Phase.RESULTS, Phase.IMPLEMENTATION)


def published_counts(cycle: Cycle) -> dict[int, Count] | None:
    """Each budget's published count, or None while the results are not published."""
    if cycle.current_phase not in PUBLISHED_PHASES:
        return None
    counts = latest_counts(cycle, published=True)
    if not counts or any(b.id not in counts for b in cycle.budgets):
        return None
    return counts


def districts(cycle: Cycle) -> list[str]:
    return sorted({b.district for b in cycle.budgets if b.district})


def limits(budget: Budget) -> dict[str, str]:
    """The ballot's rules as pabulib META fields (the same the count gives the tally engine)."""
    rules = rules_of(budget)
    found: dict[str, str] = {}
    for key, value in (("min_length", rules.min_picks), ("max_length", rules.max_picks)):
        if value is not None:
            found[key] = str(value)
    if rules.kind == "knapsack":
        found["max_sum_cost"] = open_data.pabulib.format_number(rules.limit)
    if rules.kind == "cumulative":
        if rules.max_points_per_project:
            found["max_points"] = str(rules.max_points_per_project)
        found["max_sum_points"] = str(rules.total_points or 0)
    if budget.rule == "greedy-threshold" and budget.min_score is not None:
        found["min_project_score_threshold"] = open_data.pabulib.format_number(budget.min_score)
    return found


def _budget_data(budget: Budget, count: Count) -> open_data.BudgetData:
    data = count.data
    rows = db.session.execute(
        db.select(Ballot.choices, Ballot.channel, Ballot.answers)
        .where(Ballot.budget_id == budget.id)
        .order_by(Ballot.id)
    ).all()
    from pb.domain.envelopes import read_answers

    ballots = tuple(
        open_data.BallotData(
            decode_choices(budget.ballot_kind, choices), channel, read_answers(ans)
        )
        for choices, channel, ans in rows
    )
    return open_data.BudgetData(
        id=budget.id,
        name=budget.name,
        district=budget.district,
        kind=budget.ballot_kind,
        vote_type=get_kind(budget.ballot_kind).vote_type,
        amount=Fraction(str(budget.amount)),
        currency=budget.currency,
        rule=count.rule,
        tie_break=count.tie_break,
        selected=tuple(str(x) for x in data.get("selected", ())),
        scores={str(k): Fraction(str(v)) for k, v in data.get("scores", {}).items()},
        projects=tuple(
            open_data.ProjectData(
                str(p.id),
                p.title,
                Fraction(str(p.cost)),
                p.category,
                p.district or budget.district,
            )
            for p in budget.projects
        ),
        ballots=ballots,
        limits=limits(budget),
    )


def cycle_data(cycle: Cycle, counts: dict[int, Count]) -> open_data.CycleData:
    window = schedule_of(cycle).get(Phase.VOTING)
    begin = window.starts if window and window.starts else None
    end = window.ends if window and window.ends else None
    if end is None:
        published = [c.published_at or c.created_at for c in counts.values()]
        end = min(published) if published else None
    return open_data.CycleData(
        slug=cycle.slug,
        name=cycle.name,
        country=cycle.country,
        unit=cycle.unit,
        language=cycle.language,
        licence=cycle.licence,
        k=cycle.export_k,
        date_begin=begin.date() if begin else None,
        date_end=end.date() if end else None,
        questions=tuple(questions_for(parse_keys(cycle.questions), districts(cycle))),
        budgets=tuple(_budget_data(b, counts[b.id]) for b in cycle.budgets),
        version=__version__,
    )


def _key(secret: bytes | None, budget_id: int, count: Count) -> bytes | None:
    if secret is None:
        return None
    label = f"pb-export:{budget_id}:{count.id}".encode()
    return hmac.new(secret, label, hashlib.sha256).digest()


@dataclass(frozen=True)
class Export:
    cycle: open_data.CycleData
    prepared: list[open_data.Prepared]
    _pb: dict[int, str] = field(default_factory=dict, compare=False, repr=False)

    def pb_text(self, p: open_data.Prepared) -> str:
        """The budget's `.pb` (written once: export.zip holds it twice, once in recount.zip)."""
        if p.budget.id not in self._pb:
            self._pb[p.budget.id] = open_data.pb_text(self.cycle, p)
        return self._pb[p.budget.id]

    def budget(self, budget_id: int) -> open_data.Prepared | None:
        return next((p for p in self.prepared if p.budget.id == budget_id), None)

    def budget_files(self, p: open_data.Prepared) -> dict[str, bytes]:
        stem = open_data.file_stem(p.budget)
        return {
            f"{stem}-ballots.csv": open_data.ballots_csv(p).encode("utf-8"),
            f"{stem}-projects.csv": open_data.projects_csv(p.budget).encode("utf-8"),
            f"{stem}.pb": self.pb_text(p).encode("utf-8"),
        }

    def recount_files(self) -> dict[str, bytes]:
        budgets = []
        for p in self.prepared:
            b = p.budget
            params = BudgetParams(
                id=b.id,
                name=b.name,
                rule=b.rule,
                tie_break=b.tie_break,
                selected=b.selected,
                parameters={
                    "budget": open_data.pabulib.format_number(b.amount),
                    "vote_type": b.vote_type,
                    "ballot_kind": b.kind,
                    "currency": b.currency,
                    **b.limits,
                },
            )
            budgets.append((params, self.pb_text(p)))
        return build_bundle(self.cycle.version, budgets)

    def recount_zip(self) -> bytes:
        return zip_files(self.recount_files())

    def files(self) -> dict[str, bytes]:
        """Every file of the cycle's export (what export.zip holds and `flask export` writes)."""
        out: dict[str, bytes] = {
            "README.md": open_data.readme(self.cycle, self.prepared).encode("utf-8"),
            "LICENCE.txt": (
                f"The ballot data of {self.cycle.name} is published under {self.cycle.licence}.\n"
            ).encode(),
        }
        for p in self.prepared:
            out.update(self.budget_files(p))
        out["recount.zip"] = self.recount_zip()
        return out

    def zip(self) -> bytes:
        return zip_files(self.files())


def export(cycle: Cycle, secret: bytes | None = None) -> Export | None:
    """The cycle's open data, or None while its results are not published."""
    counts = published_counts(cycle)
    if counts is None:
        return None
    data = cycle_data(cycle, counts)
    prepared = [
        open_data.prepare(data, b, random_source(_key(secret, b.id, counts[b.id])))
        for b in data.budgets
    ]
    return Export(data, prepared)


def write_export(cycle: Cycle, out: Path, secret: bytes | None = None) -> list[Path] | None:
    """Write every export file into the directory `out` (made if needed); None if unpublished."""
    found = export(cycle, secret)
    if found is None:
        return None
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in found.files().items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written

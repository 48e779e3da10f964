"""Counting: build the tally engine's election from the stored ballots, run the budget's rule,
keep the outcome for staff to review, then publish.

No count can run while voting is open, so no one sees per-project numbers before it closes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from flask_babel import gettext as _

from pb.domain.ballots import decode_choices, get_kind, ordered
from pb.domain.election import Election, build_election
from pb.domain.election import Project as ElectionProject
from pb.domain.phases import Phase
from pb.domain.tally.outcome import text_from_json
from pb.domain.text import Text
from pb.extensions import db
from pb.models import Ballot, Budget, Count, Cycle, User
from pb.models.audit import record
from pb.models.types import utcnow
from pb.services.errors import Conflict, Refused, said, transaction
from pb.services.opening import unopened
from pb.services.voting import rules_of


def election_for(budget: Budget) -> Election:
    """The budget's projects and every stored ballot, in the tally engine's vocabulary."""
    kind = get_kind(budget.ballot_kind)
    projects = [
        ElectionProject(id=str(p.id), cost=Fraction(str(p.cost)), fields={"name": p.title})
        for p in budget.projects
    ]
    ballots: list[list[str]] = []
    points: list[list[int]] = []
    # Ordered by the random id, as the ballots are stored: no order that means anything.
    stored = db.session.scalars(
        db.select(Ballot.choices).where(Ballot.budget_id == budget.id).order_by(Ballot.id)
    )
    for text in stored:
        selection = decode_choices(budget.ballot_kind, text)
        chosen = ordered(budget.ballot_kind, selection)
        ballots.append(chosen)
        points.append([selection[pid] if kind.vote_type == "cumulative" else 0 for pid in chosen])
    rules = rules_of(budget)
    meta: dict[str, str] = {"currency": budget.currency, "description": budget.name}
    if rules.kind == "knapsack":
        meta["max_sum_cost"] = str(rules.limit)
    if rules.kind == "cumulative":
        meta["max_sum_points"] = str(rules.total_points or 0)
        if rules.max_points_per_project:
            meta["max_points"] = str(rules.max_points_per_project)
    for key, value in (("min_length", rules.min_picks), ("max_length", rules.max_picks)):
        if value is not None:
            meta[key] = str(value)
    return build_election(
        Fraction(str(budget.amount)),
        projects,
        ballots,
        vote_type=kind.vote_type,
        points=points if kind.vote_type == "cumulative" else None,
        meta=meta,
    )


def run_count(actor: User | None, budget: Budget) -> Count:
    from pb.domain.tally import TieUnresolved, UnsupportedRule, tally

    cycle = budget.cycle
    if cycle.current_phase is not Phase.COUNTING:
        raise Refused(
            _(
                "Counts run after voting has closed and before publication; %(cycle)s is in the "
                "%(phase)s phase.",
                cycle=cycle.name,
                phase=cycle.current_phase.label,
            )
        )
    if unopened(budget):
        raise Conflict(
            _(
                "%(budget)s still has sealed ballots. Open the sealed ballots first, so that "
                "every ballot is counted.",
                budget=budget.name,
            )
        )
    election = election_for(budget)
    try:
        options = {"threshold": budget.min_score} if budget.rule == "greedy-threshold" else {}
        outcome = tally(election, budget.rule, budget.tie_break, **options)
    except TieUnresolved as e:
        raise Refused(
            _(
                "A tie decides the outcome (%(tie)s). The tie-break 'refuse' leaves it to you: "
                "decide it (for example by lot), record the decision, and choose a tie-break "
                "that applies it.",
                tie=str(e),
            )
        ) from None
    except (UnsupportedRule, ValueError) as e:
        raise Refused(
            _(
                "The count could not run: %(why)s",
                why=said(e.text) if hasattr(e, "text") else str(e),
            )
        ) from None
    with transaction():
        count = Count(
            budget_id=budget.id,
            rule=outcome.rule,
            tie_break=outcome.tie_break,
            ballots=election.profile.num_voters,
            outcome=json.dumps(outcome.to_json(), sort_keys=True),
            created_by_id=actor.id if actor is not None and actor.is_authenticated else None,
        )
        db.session.add(count)
        db.session.flush()
        record(
            actor,
            "count.run",
            f"budget:{budget.id}",
            count=count.id,
            rule=count.rule,
            ballots=count.ballots,
            selected=list(outcome.selected),
        )
    return count


def latest_counts(cycle: Cycle, published: bool = False) -> dict[int, Count]:
    query = (
        db.select(Count)
        .join(Budget, Budget.id == Count.budget_id)
        .where(Budget.cycle_id == cycle.id)
        .order_by(Count.id)
    )
    if published:
        query = query.where(Count.published_at.is_not(None))
    return {c.budget_id: c for c in db.session.scalars(query)}


def publish(actor: User | None, cycle: Cycle) -> None:
    if cycle.current_phase is not Phase.COUNTING:
        raise Refused(
            _(
                "Only a closed, counted vote can be published; %(cycle)s is in the %(phase)s "
                "phase.",
                cycle=cycle.name,
                phase=cycle.current_phase.label,
            )
        )
    counts = latest_counts(cycle)
    missing = [b.name for b in cycle.budgets if b.id not in counts]
    if missing:
        raise Refused(_("Run the count first for: %(budgets)s.", budgets=", ".join(missing)))
    with transaction():
        now = utcnow()
        for c in counts.values():
            c.published_at = now
        cycle.phase = Phase.RESULTS.value
        record(
            actor,
            "results.publish",
            f"cycle:{cycle.slug}",
            counts={str(k): c.id for k, c in counts.items()},
        )


@dataclass(frozen=True)
class ResultRow:
    project_id: int
    title: str
    cost: Fraction
    score: Fraction
    selected: bool
    funding_order: int | None
    explanation: Text | str  # str for counts stored before explanations were translatable


def result_rows(budget: Budget, count: Count) -> list[ResultRow]:
    """Every project of the budget, funded ones first in funding order, then by score."""
    data = count.data
    order = {pid: i + 1 for i, pid in enumerate(data["selected"])}
    rows = [
        ResultRow(
            project_id=p.id,
            title=p.title,
            cost=Fraction(str(p.cost)),
            score=Fraction(str(data["scores"].get(str(p.id), 0))),
            selected=str(p.id) in order,
            funding_order=order.get(str(p.id)),
            explanation=text_from_json(data["explanations"].get(str(p.id), ""), budget.currency),
        )
        for p in budget.projects
    ]
    return sorted(rows, key=lambda r: (r.funding_order or 10**9, -r.score, r.project_id))

"""Residents' use cases: enter a code, see the budgets it may vote in, cast a ballot.

Casting validates everything first (phase, code, eligibility, participation, the ballot rules),
then writes the participation row and the ballot in one transaction. The participation's
primary key (budget, code) is the last word on "one code, one ballot per budget": when two
submissions race, the loser's IntegrityError rolls back both rows and becomes a clear refusal.

This is the hot path of a vote, so it reads plain rows into small frozen dataclasses (a
handful of queries per request, no ORM objects) rather than walking relationships.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError

from pb.domain.ballots import BallotRules, read_ballot
from pb.domain.codes import CodeFormatError, code_hash
from pb.domain.phases import Phase, Window, effective_phase
from pb.extensions import db
from pb.models import (
    Ballot,
    BallotEntry,
    Budget,
    CodeBatch,
    Cycle,
    Participation,
    Project,
    VoterCode,
)
from pb.models.ballot import random_id
from pb.models.schedule import PhaseDate
from pb.models.types import utcnow
from pb.services.cycles import ballot_rules
from pb.services.errors import Refused

ALREADY_VOTED = "This code has already voted in this budget. Each code votes once per budget."


@dataclass(frozen=True)
class VotingCycle:
    id: int
    slug: str
    name: str
    phase: Phase  # effective: the hand-set phase moved on by any dates that have passed


@dataclass(frozen=True)
class Code:
    id: int
    cycle_id: int
    active: bool
    scope: str
    district: str

    def allows(self, budget_district: str) -> bool:
        return self.scope == "all" or budget_district in ("", self.district)


@dataclass(frozen=True)
class BudgetInfo:
    id: int
    name: str
    district: str
    amount: Decimal
    currency: str
    kind: str
    rules: BallotRules


@dataclass(frozen=True)
class Choice:
    id: int
    title: str
    summary: str
    cost: Decimal


BUDGET_COLUMNS = (
    "id",
    "name",
    "district",
    "amount",
    "currency",
    "ballot_kind",
    "min_picks",
    "max_picks",
    "max_sum_cost",
    "total_points",
    "max_points_per_project",
)


def _run(statement, **params):
    """Execute on the session's connection, in its transaction, without the ORM layer (which
    costs more than the query itself here)."""
    return db.session.connection().execute(statement, params)


def _cycle_query():
    return (
        db.select(
            Cycle.id,
            Cycle.slug,
            Cycle.name,
            Cycle.phase,
            PhaseDate.phase,
            PhaseDate.starts_at,
            PhaseDate.ends_at,
        )
        .outerjoin(PhaseDate, PhaseDate.cycle_id == Cycle.id)
        .where(Cycle.slug == bindparam("slug"))
    )


# Built once: statement construction is a real share of a vote's cost at hundreds per second.
_CYCLE = _cycle_query()
_CYCLE_LOCKED = _cycle_query().with_for_update(read=True, of=Cycle)


def load_cycle(slug: str, lock: bool = False) -> VotingCycle | None:
    """The cycle and its effective phase in one query. `lock` takes a share lock on the cycle
    row (PostgreSQL) so that closing the vote waits for this transaction to commit; on SQLite
    the write transaction's BEGIN IMMEDIATE serialises writers already."""
    rows = _run(_CYCLE_LOCKED if lock else _CYCLE, slug=slug).all()
    if not rows:
        return None
    schedule = {Phase(r[4]): Window(r[5], r[6]) for r in rows if r[4] is not None}
    first = rows[0]
    phase = effective_phase(Phase(first[3]), schedule, utcnow())
    return VotingCycle(first[0], first[1], first[2], phase)


def _code_query():
    return db.select(
        VoterCode.id, VoterCode.cycle_id, VoterCode.status, CodeBatch.scope, CodeBatch.district
    ).join(CodeBatch, CodeBatch.id == VoterCode.batch_id)


_CODE_BY_HASH = _code_query().where(
    VoterCode.code_hash == bindparam("digest"), VoterCode.cycle_id == bindparam("cycle_id")
)
_CODE_BY_ID = _code_query().where(VoterCode.id == bindparam("code_id"))
_BUDGETS = (
    db.select(*(Budget.__table__.c[name] for name in BUDGET_COLUMNS))
    .where(Budget.cycle_id == bindparam("cycle_id"))
    .order_by(Budget.position, Budget.id)
)
_CHOICES = (
    db.select(Project.id, Project.title, Project.summary, Project.cost)
    .where(Project.budget_id == bindparam("budget_id"))
    .order_by(Project.position, Project.id)
)
_COSTS = db.select(Project.id, Project.cost).where(Project.budget_id == bindparam("budget_id"))
_VOTED = db.select(Participation.budget_id).where(Participation.code_id == bindparam("code_id"))
_INSERT_PARTICIPATION = db.insert(Participation)
_INSERT_BALLOT = db.insert(Ballot)
_INSERT_ENTRY = db.insert(BallotEntry)


def _code(row) -> Code | None:
    return None if row is None else Code(row[0], row[1], row[2] == "active", row[3], row[4])


def find_code(cycle_id: int, typed: str) -> Code | None:
    """Raises CodeFormatError when `typed` cannot be a code."""
    digest = code_hash(typed, current_app.config["PB_CODE_PEPPER"])
    return _code(_run(_CODE_BY_HASH, digest=digest, cycle_id=cycle_id).first())


def session_code(cycle_id: int, code_id: int | None) -> Code | None:
    """The session's code if it is still an active code of the cycle."""
    if code_id is None:
        return None
    code = _code(_run(_CODE_BY_ID, code_id=code_id).first())
    if code is None or code.cycle_id != cycle_id or not code.active:
        return None
    return code


def budgets(cycle_id: int) -> list[BudgetInfo]:
    return [
        _budget_info(SimpleNamespace(**row._mapping)) for row in _run(_BUDGETS, cycle_id=cycle_id)
    ]


def _budget_info(b) -> BudgetInfo:
    return BudgetInfo(
        b.id, b.name, b.district, b.amount, b.currency, b.ballot_kind, ballot_rules(b)
    )


def choices(budget_id: int) -> tuple[Choice, ...]:
    # Rows already read like Choice (id, title, summary, cost) and hash as tuples.
    return tuple(_run(_CHOICES, budget_id=budget_id))


class Costs(Mapping[str, Fraction]):
    """Project id -> exact cost, converted only for the projects a ballot names."""

    def __init__(self, pairs):
        self._raw = {str(pid): cost for pid, cost in pairs}

    def __getitem__(self, pid: str) -> Fraction:
        return Fraction(self._raw[pid])  # Decimal -> Fraction is exact

    def __contains__(self, pid: object) -> bool:
        return pid in self._raw

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def costs(projects: tuple[Choice, ...]) -> Costs:
    return Costs((p.id, p.cost) for p in projects)


def budget_costs(budget_id: int) -> Costs:
    return Costs(_run(_COSTS, budget_id=budget_id))


def voted_budget_ids(code_id: int) -> set[int]:
    return set(_run(_VOTED, code_id=code_id).scalars())


def eligible(all_budgets: list[BudgetInfo], code: Code) -> list[BudgetInfo]:
    return [b for b in all_budgets if code.allows(b.district)]


def _voting_open(cycle: VotingCycle | None) -> VotingCycle:
    if cycle is None:
        raise Refused("There is no such vote.")
    if cycle.phase is not Phase.VOTING:
        raise Refused(f"Voting in {cycle.name} is not open. Nothing was stored.")
    return cycle


def enter_code(cycle: VotingCycle, typed: str) -> tuple[Code, list[BudgetInfo]]:
    """The active code `typed` denotes and the budgets it may still vote in; else Refused."""
    _voting_open(cycle)
    try:
        code = find_code(cycle.id, typed)
    except CodeFormatError as e:
        raise Refused(str(e), "code") from None
    if code is None:
        raise Refused("We do not know this code. Please check it and type it again.", "code")
    if not code.active:
        raise Refused("This code has been cancelled and cannot vote. Please ask staff.", "code")
    done = voted_budget_ids(code.id)
    remaining = [b for b in eligible(budgets(cycle.id), code) if b.id not in done]
    if not remaining:
        raise Refused("This code has already voted in every budget it may vote in.", "code")
    return code, remaining


def check_can_vote(
    cycle: VotingCycle | None, code: Code | None, budget: BudgetInfo, done: set[int]
) -> None:
    """Everything about who may vote where; the ballot itself is checked by `cast`."""
    _voting_open(cycle)
    if code is None:
        raise Refused("Please enter your voting code first.")
    if not code.allows(budget.district):
        who = f"citywide budgets and {code.district}" if code.district else "citywide budgets"
        raise Refused(f"Your code cannot vote in {budget.name}: it is for the {who}.")
    if budget.id in done:
        raise Refused(ALREADY_VOTED)


@dataclass(frozen=True)
class Cast:
    ballot_id: str
    remaining: list[BudgetInfo]  # budgets the code may still vote in


def cast(
    slug: str,
    code_id: int | None,
    budget_id: int,
    form: dict[str, list[str]],
    today: date | None = None,
) -> Cast:
    """Store one ballot for the code in the budget.

    Raises Refused (who/where/when) or BallotInvalid (the ballot's rules); either way nothing
    is stored and the code stays unused in this budget.
    """
    try:
        cycle = _voting_open(load_cycle(slug, lock=True))
        all_budgets = budgets(cycle.id)
        budget = next((b for b in all_budgets if b.id == budget_id), None)
        if budget is None:
            raise Refused("This budget is not part of this vote.")
        code = session_code(cycle.id, code_id)
        done = voted_budget_ids(code.id) if code else set()
        check_can_vote(cycle, code, budget, done)
        selection = read_ballot(budget.rules, budget_costs(budget.id), form)
        ballot_id = random_id()
        conn = db.session.connection()
        conn.execute(_INSERT_PARTICIPATION, {"budget_id": budget.id, "code_id": code.id})
        conn.execute(
            _INSERT_BALLOT,
            {"id": ballot_id, "budget_id": budget.id, "cast_on": today or date.today()},
        )
        conn.execute(
            _INSERT_ENTRY,
            [
                {
                    "ballot_id": ballot_id,
                    "project_id": int(pid),
                    "rank": value if budget.kind == "ranked" else None,
                    "points": value if budget.kind == "cumulative" else None,
                }
                for pid, value in selection.items()
            ],
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refused(ALREADY_VOTED) from None
    except BaseException:
        db.session.rollback()
        raise
    remaining = [b for b in eligible(all_budgets, code) if b.id not in done and b.id != budget.id]
    return Cast(ballot_id, remaining)


def turnout(cycle: Cycle) -> dict[int, int]:
    """Ballots per budget id (participation rows: the count staff may see while voting)."""
    rows = db.session.execute(
        db.select(Participation.budget_id, db.func.count())
        .join(Budget, Budget.id == Participation.budget_id)
        .where(Budget.cycle_id == cycle.id)
        .group_by(Participation.budget_id)
    ).all()
    return {b.id: 0 for b in cycle.budgets} | dict(rows)


def codes_voted(cycle: Cycle) -> int:
    return db.session.scalar(
        db.select(db.func.count(db.distinct(Participation.code_id)))
        .join(VoterCode, VoterCode.id == Participation.code_id)
        .where(VoterCode.cycle_id == cycle.id)
    )

"""Residents' use cases: enter a code, see the budgets it may vote in, cast a ballot.

Casting validates everything first (phase, code, eligibility, participation, the ballot rules),
then writes the participation row and the ballot in one transaction. The participation's
primary key (budget, code) is the last word on "one code, one ballot per budget": when two
submissions race, the loser's IntegrityError rolls back both rows and becomes AlreadyVoted.

This is the hot path of a vote, so it reads plain rows into small frozen dataclasses (a
handful of queries per request, no ORM objects) rather than walking relationships.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import bindparam

from pb.domain import envelopes
from pb.domain.ballots import BallotRules, Selection, ballot_rules, read_ballot
from pb.domain.codes import CodeFormatError
from pb.domain.phases import Phase, Window, effective_phase
from pb.extensions import db
from pb.models import Budget, Cycle, Participation, Project, VoterCode
from pb.models.ballot import random_id
from pb.models.envelope import CountingKey, Envelope
from pb.models.schedule import PhaseDate
from pb.models.types import utcnow
from pb.services import voter_sessions
from pb.services.codes import Code, code_by_id, find_code
from pb.services.errors import (
    AlreadyVoted,
    CodeCancelled,
    CodeRequired,
    CodeUnknown,
    NotEligible,
    Refused,
    VotingClosed,
    transaction,
)


@dataclass(frozen=True)
class VotingCycle:
    id: int
    slug: str
    name: str
    phase: Phase  # effective: the hand-set phase moved on by any dates that have passed
    public_key: bytes | None = None  # the counting key ballots are sealed to
    default_language: str = "en"  # the language of its texts' own columns
    questions: str = ""  # the keys of the questions asked with the ballot (open_data_settings)


@dataclass(frozen=True)
class BudgetInfo:
    id: int
    name: str
    district: str
    amount: Decimal
    currency: str
    kind: str
    rules: BallotRules


class Choice(NamedTuple):
    """A project on the ballot. A typed tuple rather than a dataclass: a ballot page builds
    dozens and hashes them all as the key of its rendered choices, and a tuple does both in C."""

    id: int
    title: str
    summary: str
    cost: Decimal


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
            CountingKey.public_key,
            Cycle.default_language,
            Cycle.questions,
        )
        .outerjoin(PhaseDate, PhaseDate.cycle_id == Cycle.id)
        .outerjoin(
            CountingKey, (CountingKey.cycle_id == Cycle.id) & CountingKey.confirmed.is_(True)
        )
        .where(Cycle.slug == bindparam("slug"))
    )


# Built once: statement construction is a real share of a vote's cost at hundreds per second.
_CYCLE = _cycle_query()
_CYCLE_LOCKED = _cycle_query().with_for_update(read=True, of=Cycle)
_BUDGETS = (
    db.select(
        Budget.id,
        Budget.name,
        Budget.district,
        Budget.amount,
        Budget.currency,
        Budget.ballot_kind,
        Budget.max_sum_cost,
        Budget.min_picks,
        Budget.max_picks,
        Budget.total_points,
        Budget.max_points_per_project,
    )
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
_INSERT_ENVELOPE = db.insert(Envelope)


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
    return VotingCycle(
        first[0], first[1], first[2], phase, first[7], first[8] or "en", first[9] or ""
    )


def session_code(cycle_id: int, code_id: int | None) -> Code | None:
    """The session's code if it is still an active code of the cycle."""
    if code_id is None:
        return None
    code = code_by_id(code_id)
    if code is None or code.cycle_id != cycle_id or not code.active:
        return None
    return code


def budgets(cycle_id: int) -> list[BudgetInfo]:
    return [_budget_info(row) for row in _run(_BUDGETS, cycle_id=cycle_id)]


def _budget_info(row) -> BudgetInfo:
    (budget_id, name, district, amount, currency, kind, max_sum_cost, *picks_and_points) = row
    min_picks, max_picks, total_points, max_points_per_project = picks_and_points
    rules = ballot_rules(
        kind,
        amount,
        currency,
        max_sum_cost=max_sum_cost,
        min_picks=min_picks,
        max_picks=max_picks,
        total_points=total_points,
        max_points_per_project=max_points_per_project,
    )
    return BudgetInfo(budget_id, name, district, amount, currency, kind, rules)


def rules_of(budget: Budget) -> BallotRules:
    """The ballot rules of a budget loaded as a model (staff pages, the count)."""
    return ballot_rules(
        budget.ballot_kind,
        budget.amount,
        budget.currency,
        max_sum_cost=budget.max_sum_cost,
        min_picks=budget.min_picks,
        max_picks=budget.max_picks,
        total_points=budget.total_points,
        max_points_per_project=budget.max_points_per_project,
    )


def budget_of(all_budgets: list[BudgetInfo], budget_id: int) -> BudgetInfo | None:
    return next((b for b in all_budgets if b.id == budget_id), None)


def choices(budget_id: int) -> tuple[Choice, ...]:
    return tuple(map(Choice._make, _run(_CHOICES, budget_id=budget_id)))


def costs(projects: tuple[Choice, ...]) -> dict[str, Decimal]:
    """Project id (as the ballot form names it) -> cost."""
    return {str(p.id): p.cost for p in projects}


def budget_costs(budget_id: int) -> dict[str, Decimal]:
    return {str(pid): cost for pid, cost in _run(_COSTS, budget_id=budget_id)}


def voted_budget_ids(code_id: int) -> set[int]:
    return set(_run(_VOTED, code_id=code_id).scalars())


def eligible(all_budgets: list[BudgetInfo], code: Code) -> list[BudgetInfo]:
    return [b for b in all_budgets if code.allows(b.district)]


def _voting_open(cycle: VotingCycle | None) -> VotingCycle:
    if cycle is None:
        raise VotingClosed(_("There is no such vote."))
    if cycle.phase is not Phase.VOTING:
        raise VotingClosed(
            _("Voting in %(name)s is not open. Nothing was stored.", name=cycle.name)
        )
    return cycle


def enter_code(cycle: VotingCycle, typed: str, pepper: str) -> tuple[Code, list[BudgetInfo]]:
    """The active code `typed` denotes and the budgets it may still vote in; else Refused.
    `pepper` is the key of the codes' stored hashes (the app's PB_CODE_PEPPER)."""
    _voting_open(cycle)
    try:
        code = find_code(cycle.id, typed, pepper)
    except CodeFormatError as e:
        raise CodeUnknown(_(e.text.template, **e.text.params), "code") from None
    if code is None:
        raise CodeUnknown(_("We do not know this code. Please check it and type it again."), "code")
    if not code.active:
        raise CodeCancelled(
            _("This code has been cancelled and cannot vote. Please ask staff."), "code"
        )
    done = voted_budget_ids(code.id)
    remaining = [b for b in eligible(budgets(cycle.id), code) if b.id not in done]
    if not remaining:
        raise AlreadyVoted(_("This code has already voted in every budget it may vote in."), "code")
    return code, remaining


def sign_in(
    cycle: VotingCycle, typed: str, pepper: str, now: datetime | None = None
) -> tuple[str, list[BudgetInfo]]:
    """Enter a code: a new voter session for it (its token for the device) and the budgets it
    may still vote in; else Refused, and nothing is written."""
    with transaction():
        code, remaining = enter_code(cycle, typed, pepper)
        token = voter_sessions.start(cycle.id, code.id, now or utcnow())
    return token, remaining


def sign_out(token: str | None) -> None:
    # A fresh transaction: a kiosk ends its voter from a GET, whose SQLite transaction began
    # deferred and may have read already; upgrading that to a write could fail under a
    # concurrent writer instead of waiting its turn. Nothing is pending here to lose.
    db.session.rollback()
    with transaction():
        voter_sessions.end(token)


def voter_code(cycle: VotingCycle, voter: VoterKey, now: datetime | None = None) -> Code | None:
    """The code of the device's live voter session in this cycle, or None."""
    return _voter_code(cycle.id, voter, now or utcnow())


def check_can_vote(
    cycle: VotingCycle | None, code: Code | None, budget: BudgetInfo, done: set[int]
) -> None:
    """Everything about who may vote where; the ballot itself is checked by `cast`."""
    _voting_open(cycle)
    if code is None:
        raise CodeRequired(_("Please enter your voting code first."))
    if not code.allows(budget.district):
        if code.district:
            message = _(
                "Your code cannot vote in %(budget)s: it is for the citywide budgets and "
                "%(district)s.",
                budget=budget.name,
                district=code.district,
            )
        else:
            message = _(
                "Your code cannot vote in %(budget)s: it is for the citywide budgets.",
                budget=budget.name,
            )
        raise NotEligible(message)
    if budget.id in done:
        raise AlreadyVoted(
            _("This code has already voted in this budget. Each code votes once per budget.")
        )


@dataclass(frozen=True)
class Cast:
    envelope_id: str
    remaining: list[BudgetInfo]  # budgets the code may still vote in


@dataclass(frozen=True)
class VoterKey:
    """A device's voter session as the request carries it (see voter_sessions)."""

    token: str | None
    last_seen: float | None
    idle: timedelta


def _voter_code(cycle_id: int, voter: int | VoterKey | None, now: datetime) -> Code | None:
    if isinstance(voter, VoterKey):
        return voter_sessions.code_of(cycle_id, voter.token, voter.last_seen, now, voter.idle)
    return session_code(cycle_id, voter)


def cast(
    slug: str,
    voter: int | VoterKey | None,
    budget_id: int,
    form: dict[str, list[str]],
    now: datetime | None = None,
    *,
    channel: str = "online",
    answers: Mapping[str, str] | None = None,
) -> Cast:
    """Seal one ballot for the voter's code in the budget. `voter` is the device's session (the
    web) or a code id (the demo, staff entering paper ballots). The channel (online, kiosk,
    paper) and the voter's answers to the cycle's questions are sealed with the choices.

    Raises Refused (who/where/when) or BallotInvalid (the ballot's rules); either way nothing
    is stored and the code stays unused in this budget. A session ends with its last budget.
    """
    now = now or utcnow()
    if channel not in envelopes.CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    sealed_answers = {**(answers or {}), envelopes.CHANNEL_KEY: channel}
    with transaction(on_conflict=AlreadyVoted):
        cycle = _voting_open(load_cycle(slug, lock=True))
        all_budgets = budgets(cycle.id)
        budget = budget_of(all_budgets, budget_id)
        if budget is None:
            raise Refused(_("This budget is not part of this vote."))
        code = _voter_code(cycle.id, voter, now)
        done = voted_budget_ids(code.id) if code else set()
        check_can_vote(cycle, code, budget, done)
        if cycle.public_key is None:
            raise VotingClosed(
                _(
                    "%(name)s has no counting key, so no ballot can be sealed. Staff open the "
                    "vote from the staff pages, which creates the key. Nothing was stored.",
                    name=cycle.name,
                )
            )
        prices = budget_costs(budget.id)
        selection = read_ballot(budget.rules, prices, form)
        envelope_id = _store(cycle.public_key, budget, code, selection, prices, sealed_answers)
        remaining = [
            b for b in eligible(all_budgets, code) if b.id not in done and b.id != budget.id
        ]
        if not remaining and isinstance(voter, VoterKey):
            voter_sessions.end(voter.token)
    return Cast(envelope_id, remaining)


def cast_without_code(
    slug: str, budget_id: int, form: dict[str, list[str]], *, channel: str = "paper"
) -> str:
    """Seal a ballot that no code stands behind (a paper ballot handed out after staff checked
    the resident on the spot): the same checks as `cast` but the code's, and no participation
    row. Returns the envelope's id."""
    with transaction():
        cycle = _voting_open(load_cycle(slug, lock=True))
        budget = budget_of(budgets(cycle.id), budget_id)
        if budget is None:
            raise Refused(_("This budget is not part of this vote."))
        if cycle.public_key is None:
            raise VotingClosed(
                _("%(name)s has no counting key. Nothing was stored.", name=cycle.name)
            )
        prices = budget_costs(budget.id)
        selection = read_ballot(budget.rules, prices, form)
        sealed = envelopes.seal(
            cycle.public_key,
            envelopes.Contents(selection, {envelopes.CHANNEL_KEY: channel}),
            envelope_capacity(budget, prices),
        )
        envelope_id = random_id()
        db.session.connection().execute(
            _INSERT_ENVELOPE, {"id": envelope_id, "budget_id": budget.id, "sealed": sealed}
        )
    return envelope_id


def envelope_capacity(budget: BudgetInfo, project_ids: Iterable[str]) -> int:
    """Bytes every sealed ballot of the budget pads to, whatever it holds."""
    ids = list(project_ids)
    if budget.kind == "ranked":
        largest = len(ids)
    elif budget.kind == "cumulative":
        largest = budget.rules.total_points or 1
    else:
        largest = 1
    return envelopes.capacity(ids, largest)


def _store(
    public_key: bytes,
    budget: BudgetInfo,
    code: Code,
    selection: Selection,
    prices: dict[str, Decimal],
    answers: Mapping[str, str],
) -> str:
    """Write the participation and the sealed ballot (no link between them but the commit, and
    the envelope opens only with the counting key); returns the envelope's id."""
    sealed = envelopes.seal(
        public_key, envelopes.Contents(selection, dict(answers)), envelope_capacity(budget, prices)
    )
    envelope_id = random_id()
    conn = db.session.connection()
    conn.execute(_INSERT_PARTICIPATION, {"budget_id": budget.id, "code_id": code.id})
    conn.execute(_INSERT_ENVELOPE, {"id": envelope_id, "budget_id": budget.id, "sealed": sealed})
    return envelope_id


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

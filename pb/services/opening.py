"""Opening the sealed envelopes at the count, as the inner envelopes of a postal vote are opened
apart from the outer ones that carried the voter's name.

In one transaction, for every budget of the cycle: the envelopes are decrypted in memory, checked
against the ballot's rules, shuffled with a cryptographic random permutation and written as
plaintext ballots with fresh random ids; then the envelopes are deleted. All plaintext ballots
therefore share one transaction id, and their physical order is random. Afterwards the database
pages that held envelopes are rewritten (SQLite VACUUM, PostgreSQL VACUUM FULL), so a key that
leaks later finds nothing left to link.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import delete, select

from pb.domain import envelopes
from pb.domain.ballots import encode_choices, get_kind
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Budget, Cycle, User
from pb.models.audit import record
from pb.models.ballot import random_id
from pb.models.envelope import CountingKey, Envelope, EnvelopeOpening
from pb.services.errors import Conflict, transaction
from pb.services.voting import rules_of

_shuffle = secrets.SystemRandom().shuffle
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BudgetOpening:
    budget: str
    opened: int
    spoiled: dict[str, str]  # envelope number -> why it was not counted


def waiting_envelopes(cycle: Cycle) -> int:
    return db.session.scalar(
        select(db.func.count())
        .select_from(Envelope)
        .join(Budget, Budget.id == Envelope.budget_id)
        .where(Budget.cycle_id == cycle.id)
    )


def unopened(budget: Budget) -> bool:
    return (
        db.session.scalar(select(Envelope.id).where(Envelope.budget_id == budget.id).limit(1))
        is not None
    )


def openings(cycle: Cycle) -> dict[int, BudgetOpening]:
    rows = db.session.scalars(
        select(EnvelopeOpening)
        .join(Budget, Budget.id == EnvelopeOpening.budget_id)
        .where(Budget.cycle_id == cycle.id)
    )
    names = {b.id: b.name for b in cycle.budgets}
    return {
        o.budget_id: BudgetOpening(names[o.budget_id], o.opened, json.loads(o.spoiled))
        for o in rows
    }


def _ballots(budget: Budget, opened: envelopes.Opened) -> tuple[list, dict[str, str]]:
    kind = get_kind(budget.ballot_kind)
    rules = rules_of(budget)
    costs = {str(p.id): Fraction(p.cost) for p in budget.projects}
    spoiled = dict(opened.spoiled)
    good = []
    for envelope_id, contents in opened.contents.items():
        problem = envelopes.check_selection(contents, costs)
        if problem is None:
            broken = kind.check(rules, costs, contents.selection)
            problem = "; ".join(p.message for p in broken) if broken else None
        if problem is None:
            good.append(contents)
        else:
            spoiled[envelope_id] = problem
    return good, {eid[:8]: why for eid, why in sorted(spoiled.items())}


def _write(budget: Budget, ballots: list[envelopes.Contents]) -> None:
    """Insert the plaintext ballots with fresh random ids, in the order of those ids: the order
    in which they were cast is gone, and a B-tree fills fastest in key order."""
    _shuffle(ballots)
    rows = sorted(
        (
            random_id(),
            budget.id,
            encode_choices(budget.ballot_kind, c.selection),
            c.channel,
            envelopes.answer_text(c.survey),
        )
        for c in ballots
    )
    _bulk_insert("ballot", ("id", "budget_id", "choices", "channel", "answers"), rows)


def _bulk_insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """A count writes hundreds of thousands of rows: straight to the driver (COPY on
    PostgreSQL), in the session's transaction, without building a statement per row."""
    if not rows:
        return
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def compact_storage(attempts: int = 20, pause: float = 0.5) -> bool:
    """Rewrite the pages that held envelopes so no deleted envelope stays readable on disk;
    True once done. VACUUM cannot run inside a transaction, so this uses the driver's connection
    in autocommit (SQLAlchemy would begin one). PostgreSQL keeps deleted rows that an older,
    still open transaction (a running pg_dump, say) might see, so it tries again for a while."""
    engine = db.engine
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        if engine.dialect.name == "sqlite":
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return True
        if engine.dialect.name != "postgresql":
            return False
        conn.autocommit = True
        try:
            for attempt in range(attempts):
                conn.execute("VACUUM FULL envelope")
                rows, size = conn.execute(
                    "SELECT count(*), pg_relation_size('envelope') FROM envelope"
                ).fetchone()
                if rows > 0 or size == 0:  # other votes' envelopes, or nothing left
                    return True
                if attempt + 1 < attempts:
                    time.sleep(pause)
            return False
        finally:
            conn.autocommit = False
    finally:
        raw.close()


def open_envelopes(
    actor: User | None,
    cycle: Cycle,
    private_key: bytes,
    compact: Callable[[], bool] | None = compact_storage,
) -> dict[int, BudgetOpening]:
    """Open every envelope of the cycle; `compact` then rewrites the freed pages."""
    if cycle.current_phase is not Phase.COUNTING:
        raise Conflict(
            _(
                "Envelopes are opened after voting has closed and before publication; "
                "%(cycle)s is in the %(phase)s phase.",
                cycle=cycle.name,
                phase=cycle.current_phase.label,
            )
        )
    key = db.session.get(CountingKey, cycle.id)
    if key is None or envelopes.public_key_of(private_key) != key.public_key:
        raise Conflict(_("This is not the counting key of this vote. Nothing was changed."))
    result: dict[int, BudgetOpening] = {}
    with transaction():
        for budget in cycle.budgets:
            sealed = db.session.execute(
                select(Envelope.id, Envelope.sealed).where(Envelope.budget_id == budget.id)
            ).all()
            if not sealed:
                continue
            good, spoiled = _ballots(budget, envelopes.open_all(private_key, sealed))
            _write(budget, good)
            db.session.execute(delete(Envelope).where(Envelope.budget_id == budget.id))
            opening = db.session.get(EnvelopeOpening, budget.id)
            if opening is None:
                opening = EnvelopeOpening(budget_id=budget.id, opened=0, spoiled="{}")
                db.session.add(opening)
            before = json.loads(opening.spoiled or "{}")
            opening.opened += len(sealed)
            opening.spoiled = json.dumps(before | spoiled, sort_keys=True)
            result[budget.id] = BudgetOpening(budget.name, len(sealed), spoiled)
        record(
            actor,
            "envelopes.open",
            f"cycle:{cycle.slug}",
            opened={str(k): v.opened for k, v in result.items()},
            spoiled={str(k): len(v.spoiled) for k, v in result.items()},
        )
    if compact is not None and not compact():
        log.warning(
            "the pages that held %s's envelopes could not be rewritten yet (an older "
            "transaction is open); run VACUUM FULL envelope once it has ended",
            cycle.slug,
        )
    return result

"""Voter code batches: generate, hand out once, void.

The plain codes exist only in memory while a batch is generated: the database keeps their keyed
hashes, and the caller gets the plain codes exactly once (the admin view streams them as the
CSV response to the generating request, the CLI writes them to a file). Nothing can show them
again; a lost file means voiding the batch and generating a new one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError

from pb.domain import codes as codes_domain
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import CodeBatch, Cycle, Participation, User, VoterCode
from pb.models.audit import record
from pb.services.errors import Refused, transaction

MAX_BATCH = 100_000


def generate_batch(
    actor: User | None,
    cycle: Cycle,
    size: int,
    *,
    pepper: str,
    scope: str = "all",
    district: str = "",
    label: str = "",
) -> tuple[CodeBatch, list[str]]:
    """A new batch of `size` codes; returns it with the plain codes (shown only this once).
    `pepper` keys the stored hashes (the app's PB_CODE_PEPPER)."""
    if cycle.current_phase.index > Phase.VOTING.index:
        raise Refused(
            _("Voting in %(name)s has closed: new codes would be of no use.", name=cycle.name)
        )
    if not 1 <= size <= MAX_BATCH:
        raise Refused(
            _("A batch holds between 1 and %(most)s codes.", most=format_number(MAX_BATCH)), "size"
        )
    if scope not in ("all", "district"):
        raise Refused(_("Choose who the codes are for."), "scope")
    district = district.strip() if scope == "district" else ""
    if scope == "district":
        known = {b.district for b in cycle.budgets}
        if district and district not in known:
            raise Refused(
                _(
                    "No budget of this cycle is for the district %(district)s.",
                    district=repr(district),
                ),
                "district",
            )
    plain = codes_domain.generate_codes(size)
    with transaction(on_conflict=_numbered_twice):
        batch = CodeBatch(
            cycle_id=cycle.id,
            number=_next_number(cycle.id),
            label=label,
            size=size,
            scope=scope,
            district=district,
            created_by_id=actor.id if actor is not None else None,
        )
        db.session.add(batch)
        db.session.flush()
        db.session.execute(
            db.insert(VoterCode),
            [
                {
                    "batch_id": batch.id,
                    "cycle_id": cycle.id,
                    "code_hash": codes_domain.code_hash(c, pepper),
                    "status": "active",
                }
                for c in plain
            ],
        )
        record(
            actor,
            "codes.generate",
            f"cycle:{cycle.slug}",
            batch=batch.id,
            size=size,
            scope=scope,
            district=district,
        )
    return batch, plain


def _next_number(cycle_id: int) -> int:
    """Batches are numbered 1, 2, ... within their cycle (a unique index refuses a race)."""
    last = db.session.scalar(
        db.select(db.func.max(CodeBatch.number)).where(CodeBatch.cycle_id == cycle_id)
    )
    return (last or 0) + 1


def _numbered_twice() -> Refused:
    return Refused(_("Another batch was generated at the same moment. Please generate again."))


def batch_csv(batch: CodeBatch, plain: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "batch", "eligible for"])
    who = "all budgets" if batch.scope == "all" else f"citywide + {batch.district or 'no district'}"
    for c in plain:
        writer.writerow([c, batch.number, who])
    return out.getvalue()


@dataclass(frozen=True)
class Code:
    """A voter code as the vote reads it: one plain row, no ORM object (code entry and every
    ballot page look one up)."""

    id: int
    cycle_id: int
    batch_id: int
    active: bool
    scope: str
    district: str

    def allows(self, budget_district: str) -> bool:
        return codes_domain.may_vote_in(self.scope, self.district, budget_district)


def code_query():
    return db.select(
        VoterCode.id,
        VoterCode.cycle_id,
        VoterCode.batch_id,
        VoterCode.status,
        CodeBatch.scope,
        CodeBatch.district,
    ).join(CodeBatch, CodeBatch.id == VoterCode.batch_id)


# Built once: statement construction is a real share of a request's cost on the vote's path.
_CODE_BY_HASH = code_query().where(
    VoterCode.code_hash == bindparam("digest"), VoterCode.cycle_id == bindparam("cycle_id")
)
_CODE_BY_ID = code_query().where(VoterCode.id == bindparam("code_id"))


def code_from_row(row) -> Code | None:
    if row is None:
        return None
    code_id, cycle_id, batch_id, status, scope, district = row
    return Code(code_id, cycle_id, batch_id, status == "active", scope, district)


def find_code(cycle_id: int, typed: str, pepper: str) -> Code | None:
    """The code of the cycle that `typed` denotes, or None. Raises CodeFormatError for
    non-codes."""
    digest = codes_domain.code_hash(typed, pepper)
    params = {"digest": digest, "cycle_id": cycle_id}
    return code_from_row(db.session.connection().execute(_CODE_BY_HASH, params).first())


def code_by_id(code_id: int) -> Code | None:
    params = {"code_id": code_id}
    return code_from_row(db.session.connection().execute(_CODE_BY_ID, params).first())


def typed_code(cycle_id: int, typed: str, pepper: str) -> Code:
    """The code staff typed; Refused (on the form's `code` field) when it is none of the cycle's."""
    try:
        code = find_code(cycle_id, typed, pepper)
    except codes_domain.CodeFormatError as e:
        raise Refused(_(e.text.template, **e.text.params), "code") from None
    if code is None:
        raise Refused(_("No code of this cycle matches what you typed."), "code")
    return code


def void_code(actor: User | None, cycle: Cycle, typed: str, pepper: str) -> int:
    """Void one code; returns in how many budgets it had voted already (those ballots stay)."""
    code = typed_code(cycle.id, typed, pepper)
    if not code.active:
        raise Refused(_("This code is void already."), "code")
    with transaction():
        db.session.execute(
            db.update(VoterCode).where(VoterCode.id == code.id).values(status="void")
        )
        voted = db.session.scalar(
            db.select(db.func.count()).select_from(Participation).filter_by(code_id=code.id)
        )
        record(actor, "codes.void", f"code:{code.id}", batch=code.batch_id, had_voted_in=voted)
    return voted


def void_batch(actor: User | None, batch: CodeBatch) -> int:
    """Void every active code of a batch (a lost or leaked CSV); returns how many."""
    with transaction():
        n = db.session.execute(
            db.update(VoterCode)
            .where(VoterCode.batch_id == batch.id, VoterCode.status == "active")
            .values(status="void")
        ).rowcount
        record(actor, "codes.void_batch", f"batch:{batch.id}", voided=n)
    return n


def batch_stats(cycle: Cycle) -> list[dict]:
    """Per batch: size, void codes and codes that have voted at least once."""
    void = dict(
        db.session.execute(
            db.select(VoterCode.batch_id, db.func.count())
            .where(VoterCode.cycle_id == cycle.id, VoterCode.status == "void")
            .group_by(VoterCode.batch_id)
        ).all()
    )
    used = dict(
        db.session.execute(
            db.select(VoterCode.batch_id, db.func.count(db.distinct(VoterCode.id)))
            .join(Participation, Participation.code_id == VoterCode.id)
            .where(VoterCode.cycle_id == cycle.id)
            .group_by(VoterCode.batch_id)
        ).all()
    )
    batches = db.session.scalars(
        db.select(CodeBatch).filter_by(cycle_id=cycle.id).order_by(CodeBatch.id)
    ).all()
    return [{"batch": b, "void": void.get(b.id, 0), "used": used.get(b.id, 0)} for b in batches]


def issue_code(
    cycle_id: int, district: str, label: str, pepper: str, created_by_id: int | None = None
) -> tuple[int, str]:
    """One new code, inside the caller's transaction: for every budget when `district` is "",
    else for the citywide budgets and that district. It joins the cycle's batch named `label`
    for that scope (made on first use; its size counts the codes issued into it). Returns the
    code's id and the plain code, which the caller hands on once (screen, message) and forgets."""
    batch_id = batch_for(cycle_id, district, label, created_by_id)
    db.session.execute(
        db.update(CodeBatch).where(CodeBatch.id == batch_id).values(size=CodeBatch.size + 1)
    )
    return insert_code(batch_id, cycle_id, pepper)


def batch_for(cycle_id: int, district: str, label: str, created_by_id: int | None = None) -> int:
    """The id of the cycle's batch named `label` for `district` ("" = every budget), made (with
    size 1) if there is none; inside the caller's transaction. Two requests that make the first
    batch of a source at once race for its number: the loser's savepoint rolls back and it looks
    again (PostgreSQL's read committed shows it the winner's batch, or a later number)."""
    scope = "district" if district else "all"
    for _attempt in range(5):
        batch_id = db.session.scalar(
            db.select(CodeBatch.id)
            .filter_by(cycle_id=cycle_id, label=label, scope=scope, district=district)
            .order_by(CodeBatch.id)
            .limit(1)
        )
        if batch_id is not None:
            return batch_id
        try:
            with db.session.begin_nested():
                batch = CodeBatch(
                    cycle_id=cycle_id,
                    number=_next_number(cycle_id),
                    label=label,
                    size=1,
                    scope=scope,
                    district=district,
                    created_by_id=created_by_id,
                )
                db.session.add(batch)
            return batch.id
        except IntegrityError:
            continue
    raise Refused(_("Many codes are being given out at this moment. Please try again."))


_INSERT_CODE = (
    db.insert(VoterCode)
    .values(
        batch_id=bindparam("batch_id"),
        cycle_id=bindparam("cycle_id"),
        code_hash=bindparam("code_hash"),
        status="active",
    )
    .returning(VoterCode.id)
)


def insert_code(batch_id: int, cycle_id: int, pepper: str) -> tuple[int, str]:
    """A new active code in the batch (the caller keeps the batch's size right); returns its id
    and the plain code."""
    plain = codes_domain.generate_code()
    params = {
        "batch_id": batch_id,
        "cycle_id": cycle_id,
        "code_hash": codes_domain.code_hash(plain, pepper),
    }
    code_id = db.session.connection().execute(_INSERT_CODE, params).scalar_one()
    return code_id, plain


def recount_batch(batch_id: int) -> None:
    """Set a batch's size to the codes it holds (after codes were inserted one by one)."""
    held = (
        db.select(db.func.count())
        .select_from(VoterCode)
        .where(VoterCode.batch_id == batch_id)
        .scalar_subquery()
    )
    db.session.execute(
        db.update(CodeBatch)
        .where(CodeBatch.id == batch_id)
        .values(size=db.case((held > 0, held), else_=1))
    )


def void_code_id(code_id: int) -> None:
    """Void a code by id, inside the caller's transaction."""
    db.session.execute(db.update(VoterCode).where(VoterCode.id == code_id).values(status="void"))

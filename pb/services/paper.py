"""Paper ballots: staff type each ballot of a stack twice, from two accounts; a ballot is sealed
(channel "paper", pb.services.voting) only when two typings agree, and is checked by the same
rules as an online ballot. Typings that disagree are listed for a third look.

A pending typing keeps only a keyed digest (pb.domain.paper.entry_digest) of its code and
choices, never the code or the choices: nothing readable links a code to choices in the
database, even while a ballot waits for its second typing. The typings of a ballot are deleted
in the transaction that seals it.

A paper ballot may carry a code (printed on it or on the voter's letter): the code is then used
up in that budget exactly as online, and a code already used online is refused on paper. A
paper ballot without a code is sealed with no participation row: staff hand those out after
checking the resident at the table, and the stack's hand count reconciles them (README, "Paper
ballots").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_number
from flask_babel import gettext as _

from pb.domain import codes as codes_domain
from pb.domain.ballots import BallotInvalid, read_ballot
from pb.domain.paper import PaperTypo, entry_digest, form_from_numbers
from pb.extensions import db
from pb.models import Budget, Cycle, User
from pb.models.audit import record
from pb.models.paper import PaperBatch, PaperEntry
from pb.services import voting
from pb.services.codes import Code, typed_code
from pb.services.errors import Refused, said, transaction

MAX_STACK = 100_000


@dataclass(frozen=True)
class Entered:
    """What became of one typing: "waiting" (first typing kept), "accepted" (two agreed, the
    ballot is sealed), "mismatch" (it disagrees with an earlier typing: listed for a third
    look), or "refused" (two agreed but the ballot could not be accepted; reason given)."""

    outcome: str
    number: int
    reason: str = ""


@dataclass
class BatchTotals:
    batch: PaperBatch
    budget: Budget
    waiting: list[int] = field(default_factory=list)  # ballot numbers typed once
    mismatched: list[int] = field(default_factory=list)  # typings disagree: a third look

    @property
    def missing(self) -> int:
        b = self.batch
        return b.counted - b.accepted - b.refused - len(self.waiting) - len(self.mismatched)


def create_batch(actor: User | None, budget: Budget, label: str, counted: int) -> PaperBatch:
    label = (label or "").strip()
    if not label:
        raise Refused(_("Name the stack, e.g. 'Library, Monday'."), "label")
    if not 1 <= counted <= MAX_STACK:
        raise Refused(
            _("A stack holds between 1 and %(most)s ballots.", most=format_number(MAX_STACK)),
            "counted",
        )
    if db.session.scalar(db.select(PaperBatch.id).filter_by(budget_id=budget.id, label=label)):
        raise Refused(_("This budget has a stack of that name already."), "label")
    with transaction():
        batch = PaperBatch(budget_id=budget.id, label=label, counted=counted)
        db.session.add(batch)
        db.session.flush()
        record(actor, "paper.batch", f"budget:{budget.id}", batch=batch.id, counted=counted)
    return batch


def batches(cycle: Cycle) -> list[BatchTotals]:
    rows = db.session.execute(
        db.select(PaperBatch, Budget)
        .join(Budget, Budget.id == PaperBatch.budget_id)
        .where(Budget.cycle_id == cycle.id)
        .order_by(Budget.position, Budget.id, PaperBatch.id)
    ).all()
    return [totals(batch, budget) for batch, budget in rows]


def totals(batch: PaperBatch, budget: Budget | None = None) -> BatchTotals:
    budget = budget or db.session.get(Budget, batch.budget_id)
    result = BatchTotals(batch, budget)
    digests: dict[int, set[str]] = {}
    for number, digest in db.session.execute(
        db.select(PaperEntry.number, PaperEntry.digest).filter_by(batch_id=batch.id)
    ):
        digests.setdefault(number, set()).add(digest)
    for number in sorted(digests):
        (result.mismatched if len(digests[number]) > 1 else result.waiting).append(number)
    return result


def project_ids(budget: Budget) -> list[str]:
    """The budget's projects in paper order (their numbers on the paper ballot are 1, 2, ...)."""
    return [str(p.id) for p in budget.projects]


def _code(cycle: Cycle, budget: Budget, typed: str, pepper: str) -> tuple[Code | None, str]:
    """The code typed from the ballot (None when none was typed) and its keyed hash."""
    if not typed.strip():
        return None, ""
    code = typed_code(cycle.id, typed, pepper)
    if not code.active:
        raise Refused(_("This code is void: the ballot cannot be accepted."), "code")
    if not code.allows(budget.district):
        raise Refused(_("This code cannot vote in %(budget)s.", budget=budget.name), "code")
    if budget.id in voting.voted_budget_ids(code.id):
        raise Refused(
            _("This code has voted in this budget already (online, at a kiosk or on paper)."),
            "code",
        )
    return code, codes_domain.code_hash(typed, pepper)


def enter(
    actor: User,
    batch: PaperBatch,
    number: int,
    typed_code: str,
    typed_choices: str,
    *,
    pepper: str,
) -> Entered:
    """One typing of ballot `number` of the stack. Raises Refused (bad number, code or choices;
    BallotInvalid's problems are joined into the message) and then stores nothing."""
    budget = db.session.get(Budget, batch.budget_id)
    cycle = db.session.get(Cycle, budget.cycle_id)
    if not 1 <= number <= batch.counted:
        raise Refused(_("The stack has ballots 1 to %(last)s.", last=batch.counted), "number")
    try:
        form = form_from_numbers(budget.ballot_kind, typed_choices, project_ids(budget))
        read_ballot(voting.rules_of(budget), voting.budget_costs(budget.id), form)
    except PaperTypo as e:
        raise Refused(said(e.text), "choices") from None
    except BallotInvalid as e:
        raise Refused(
            _(
                "The ballot breaks its rules, so it cannot be accepted: %(problems)s",
                problems=" ".join(p.message for p in e.problems),
            ),
            "choices",
        ) from None
    code, code_hash = _code(cycle, budget, typed_code, pepper)
    digest = entry_digest(pepper, batch.id, number, code_hash, form)
    db.session.execute(db.select(PaperBatch.id).filter_by(id=batch.id).with_for_update())
    earlier = db.session.execute(
        db.select(PaperEntry.entered_by_id, PaperEntry.digest).filter_by(
            batch_id=batch.id, number=number
        )
    ).all()
    if any(by == actor.id for by, _ in earlier):
        db.session.rollback()
        raise Refused(
            _(
                "You typed ballot %(number)s already: another staff account must type it.",
                number=number,
            ),
            "number",
        )
    if not any(d == digest for _, d in earlier):
        with transaction():
            db.session.add(
                PaperEntry(batch_id=batch.id, number=number, entered_by_id=actor.id, digest=digest)
            )
        return Entered("mismatch" if earlier else "waiting", number)
    try:
        _forget_typings(batch, number)
        batch.accepted += 1
        if code is None:
            voting.cast_without_code(cycle.slug, budget.id, form, channel="paper")
        else:
            voting.cast(cycle.slug, code.id, budget.id, form, channel="paper")
    except (Refused, BallotInvalid) as e:
        # Nothing of the seal stays; the stack records a refusal and the typings go.
        db.session.rollback()
        with transaction():
            batch = db.session.get(PaperBatch, batch.id)
            _forget_typings(batch, number)
            batch.refused += 1
        return Entered("refused", number, getattr(e, "message", str(e)))
    return Entered("accepted", number)


def _forget_typings(batch: PaperBatch, number: int) -> None:
    db.session.execute(db.delete(PaperEntry).filter_by(batch_id=batch.id, number=number))


def batch_of(cycle: Cycle, batch_id: int) -> PaperBatch | None:
    """The stack `batch_id` if it belongs to a budget of `cycle`."""
    batch = db.session.get(PaperBatch, batch_id)
    if batch is None:
        return None
    budget = db.session.get(Budget, batch.budget_id)
    return batch if budget.cycle_id == cycle.id else None


def set_aside(actor: User, batch: PaperBatch, number: int, reason: str) -> None:
    """Staff set a typed ballot aside (unreadable, or its typings can never be accepted): its
    typings go, the stack counts it as refused, and the audit log keeps who did it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the ballot is set aside."), "reason")
    with transaction():
        gone = db.session.execute(
            db.delete(PaperEntry).filter_by(batch_id=batch.id, number=number)
        ).rowcount
        if not gone:
            raise Refused(_("Ballot %(number)s has no typing waiting.", number=number))
        batch.refused += 1
        record(actor, "paper.set_aside", f"paper:{batch.id}", number=number, reason=reason)

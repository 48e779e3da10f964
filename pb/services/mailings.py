"""Member mailings: every member of a list gets a voter code by email, in one staff action.

The queue is the mailing's recipient rows; nothing runs in the background. `send_next` sends
one bounded chunk (the staff progress page posts for the next chunk; `flask mail send` loops),
so a crash, a restart or a mail server that goes away mid-way loses nothing:

- a recipient is claimed (queued -> sending) together with a new code in one transaction, the
  message goes out, then the row becomes sent and its plain address is cleared;
- a message the server refused marks the row failed (its code is void), shown in the report;
- a connection failure voids the unsent code and puts the row back in the queue: the next chunk
  sends it with a new code;
- a row left in "sending" (the process died between the server's acceptance and our commit)
  is never sent again by the queue: the report lists it, staff re-send it by hand if needed.

So no member is ever sent two codes by the queue. Plain codes exist only in the messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import bindparam

from pb.domain import eligibility as rules
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Cycle, User, VoterCode
from pb.models.audit import record
from pb.models.eligibility import Mailing, MailingRecipient
from pb.models.types import utcnow
from pb.services import codes
from pb.services.code_messages import code_email
from pb.services.errors import Refused, said, transaction
from pb.services.messaging import Mailer, Undelivered, Unreachable

MAX_MEMBERS = 200_000
CHUNK = 100


@dataclass(frozen=True)
class Progress:
    total: int
    queued: int
    sending: int
    sent: int
    failed: int

    @property
    def done(self) -> bool:
        return self.queued == 0

    @property
    def percent(self) -> int:
        return 100 * (self.sent + self.failed + self.sending) // self.total if self.total else 100


@dataclass(frozen=True)
class ChunkResult:
    sent: int
    failed: int
    stopped: str = ""  # why the chunk stopped early (the mail server is unreachable)


def _label(mailing_id: int) -> str:
    return f"mailing {mailing_id}"


def create_mailing(
    actor: User | None, cycle: Cycle, data: bytes, *, pepper: str, label: str = ""
) -> Mailing:
    """A mailing from a CSV with the columns member, email and optionally district. Refuses the
    whole file when a row has a problem (nothing is saved), listing the first few."""
    if cycle.current_phase.index > Phase.VOTING.index:
        raise Refused(
            _("Voting in %(cycle)s has closed: codes would be of no use.", cycle=cycle.name)
        )
    try:
        header = rules.read_header(data)
        district_column = "district" if "district" in header else ""
        preview = rules.read_list(data, ["member", "email"], district_column)
    except rules.ListError as e:
        raise Refused(said(e.text), "members") from None
    problems = list(preview.problems)
    districts = {b.district for b in cycle.budgets if b.district}
    seen: dict[str, int] = {}
    members: dict[str, int] = {}
    for row in preview.rows:
        if row.values[0] in members:
            problems.append(
                (row.line, _("the same member as on line %(line)s", line=members[row.values[0]]))
            )
        members.setdefault(row.values[0], row.line)
        email = rules.normalize_email(row.values[1])
        if "@" not in email.strip("@") or any(ch.isspace() for ch in email):
            problems.append(
                (row.line, _("%(email)s is not an email address", email=repr(row.values[1])))
            )
        elif email in seen:
            problems.append((row.line, _("the same address as on line %(line)s", line=seen[email])))
        seen.setdefault(email, row.line)
        if row.district and row.district not in districts:
            problems.append(
                (
                    row.line,
                    _("no budget is for the district %(district)s", district=repr(row.district)),
                )
            )
    if problems:
        problems.sort()
        shown = "; ".join(
            _("line %(line)s: %(problem)s", line=n, problem=what) for n, what in problems[:5]
        )
        more = _(" (and %(num)s more)", num=len(problems) - 5) if len(problems) > 5 else ""
        raise Refused(
            _(
                "The list has problems, nothing was saved: %(shown)s%(more)s.",
                shown=shown,
                more=more,
            ),
            "members",
        )
    if not preview.rows:
        raise Refused(_("The list has no members."), "members")
    if len(preview.rows) > MAX_MEMBERS:
        raise Refused(
            _("A mailing has at most %(most)s members.", most=format_number(MAX_MEMBERS)),
            "members",
        )
    with transaction():
        mailing = Mailing(
            cycle_id=cycle.id,
            label=label,
            created_by_id=actor.id if actor is not None else None,
        )
        db.session.add(mailing)
        db.session.flush()
        db.session.execute(
            db.insert(MailingRecipient),
            [
                {
                    "mailing_id": mailing.id,
                    "member": row.values[0],
                    "email": row.values[1].strip(),
                    "email_hash": rules.contact_hash(
                        "email", rules.normalize_email(row.values[1]), pepper
                    ),
                    "district": row.district,
                    "status": "queued",
                    "error": "",
                }
                for row in preview.rows
            ],
        )
        db.session.flush()
        record(
            actor,
            "mailings.create",
            f"cycle:{cycle.slug}",
            mailing=mailing.id,
            members=len(preview.rows),
        )
    return mailing


def mailings_of(cycle: Cycle) -> list[tuple[Mailing, Progress]]:
    found = db.session.scalars(
        db.select(Mailing).filter_by(cycle_id=cycle.id).order_by(Mailing.id)
    ).all()
    return [(m, progress(m.id)) for m in found]


def mailing_in(cycle: Cycle, mailing_id: int) -> Mailing | None:
    return db.session.scalar(db.select(Mailing).filter_by(id=mailing_id, cycle_id=cycle.id))


def progress(mailing_id: int) -> Progress:
    counts = dict(
        db.session.execute(
            db.select(MailingRecipient.status, db.func.count())
            .filter_by(mailing_id=mailing_id)
            .group_by(MailingRecipient.status)
        ).all()
    )
    return Progress(
        total=sum(counts.values()),
        queued=counts.get("queued", 0),
        sending=counts.get("sending", 0),
        sent=counts.get("sent", 0),
        failed=counts.get("failed", 0),
    )


def problems(mailing_id: int) -> list[MailingRecipient]:
    """The failure report: refused messages, and rows whose sending was interrupted."""
    return list(
        db.session.scalars(
            db.select(MailingRecipient)
            .where(
                MailingRecipient.mailing_id == mailing_id,
                MailingRecipient.status.in_(("failed", "sending")),
            )
            .order_by(MailingRecipient.id)
        )
    )


def _cycle_of(mailing_id: int) -> Cycle:
    mailing = db.session.get(Mailing, mailing_id)
    if mailing is None:
        raise Refused(_("No such mailing."))
    cycle = db.session.get(Cycle, mailing.cycle_id)
    if cycle.current_phase.index > Phase.VOTING.index:
        raise Refused(
            _("Voting in %(cycle)s has closed: no more codes are sent.", cycle=cycle.name)
        )
    return cycle


# Built once: a mailing runs these for every member.
_CLAIM = (
    db.update(MailingRecipient)
    .where(MailingRecipient.id == bindparam("rid"), MailingRecipient.status == "queued")
    .values(status="sending", code_id=bindparam("code_id"))
)
_SENT = (
    db.update(MailingRecipient)
    .where(MailingRecipient.id == bindparam("rid"))
    .values(status="sent", error="", email="", sent_at=bindparam("now"))
)
_NOT_SENT = (
    db.update(MailingRecipient)
    .where(MailingRecipient.id == bindparam("rid"))
    .values(status=bindparam("status"), error=bindparam("error"), code_id=bindparam("code_id"))
)
_VOID = db.update(VoterCode).where(VoterCode.id == bindparam("cid")).values(status="void")


def _run(statement, **params):
    return db.session.connection().execute(statement, params)


def _claim(recipient_id: int, cycle_id: int, batch_id: int, pepper: str):
    """Queued -> sending with a new code, in one transaction; None if another sender took it."""
    with transaction():
        code_id, plain = codes.insert_code(batch_id, cycle_id, pepper)
        if _run(_CLAIM, rid=recipient_id, code_id=code_id).rowcount != 1:
            db.session.rollback()  # the code goes with it
            return None
    return code_id, plain


def _settle(recipient_id: int, code_id: int, status: str, error: str = "") -> None:
    with transaction():
        if status == "sent":
            _run(_SENT, rid=recipient_id, now=utcnow())
        else:
            _run(_VOID, cid=code_id)  # nobody ever saw this code
            keep = code_id if status == "failed" else None
            _run(_NOT_SENT, rid=recipient_id, status=status, error=error, code_id=keep)


def send_next(
    mailing_id: int, mailer: Mailer, *, pepper: str, vote_url: str, limit: int = CHUNK
) -> ChunkResult:
    """Send up to `limit` queued messages of the mailing."""
    cycle = _cycle_of(mailing_id)
    # Plain values: every commit expires the row. Members read the cycle's default language.
    cycle_id, cycle_name, lang = cycle.id, cycle.name, cycle.default_language
    rows = db.session.execute(
        db.select(MailingRecipient.id, MailingRecipient.email, MailingRecipient.district)
        .filter_by(mailing_id=mailing_id, status="queued")
        .order_by(MailingRecipient.id)
        .limit(limit)
    ).all()
    db.session.rollback()  # end the read: each message is its own transactions
    batches: dict[str, int] = {}
    sent = failed = 0
    try:
        with mailer:
            for recipient_id, email, district in rows:
                if district not in batches:
                    with transaction():
                        batches[district] = codes.batch_for(cycle_id, district, _label(mailing_id))
                claimed = _claim(recipient_id, cycle_id, batches[district], pepper)
                if claimed is None:
                    continue
                code_id, plain = claimed
                try:
                    mailer.send(code_email(email, cycle_name, plain, vote_url, lang))
                except Undelivered as e:
                    _settle(recipient_id, code_id, "failed", str(e)[:500])
                    failed += 1
                    continue
                except Unreachable as e:
                    _settle(recipient_id, code_id, "queued", str(e)[:500])
                    return ChunkResult(sent, failed, f"The mail server is unreachable: {e}")
                _settle(recipient_id, code_id, "sent")
                sent += 1
    finally:
        if batches:
            with transaction():
                for batch_id in batches.values():
                    codes.recount_batch(batch_id)
    return ChunkResult(sent, failed)


def resend(
    actor: User | None,
    mailing: Mailing,
    member: str,
    email: str,
    mailer: Mailer,
    *,
    pepper: str,
    vote_url: str,
) -> None:
    """Send one member a new code (a lost message, a corrected address): their previous code
    of this mailing becomes void."""
    cycle = _cycle_of(mailing.id)
    email = email.strip()
    if "@" not in email.strip("@"):
        raise Refused(_("Type the member's email address."), "email")
    recipient = db.session.scalar(
        db.select(MailingRecipient).filter_by(mailing_id=mailing.id, member=member.strip())
    )
    if recipient is None:
        raise Refused(_("No member of this mailing has this number."), "member")
    if recipient.status == "queued":
        raise Refused(_("This member's message has not been sent yet: send the mailing first."))
    old_code = recipient.code_id
    with transaction():
        if old_code is not None:
            codes.void_code_id(old_code)
        code_id, plain = codes.issue_code(cycle.id, recipient.district, _label(mailing.id), pepper)
        recipient.code_id = code_id
        recipient.status = "sending"
        recipient.email = email
        recipient.email_hash = rules.contact_hash("email", rules.normalize_email(email), pepper)
        record(actor, "mailings.resend", f"mailing:{mailing.id}", member=recipient.member)
    recipient_id = recipient.id
    try:
        with mailer:
            mailer.send(code_email(email, cycle.name, plain, vote_url, cycle.default_language))
    except (Undelivered, Unreachable) as e:
        _settle(recipient_id, code_id, "failed", str(e)[:500])
        raise Refused(_("The message could not be sent: %(problem)s", problem=str(e))) from None
    _settle(recipient_id, code_id, "sent")

"""Eligibility lists and "Get my code": staff upload who may vote, residents get their own code.

Only keyed hashes of the normalized identifying fields are stored (pb.domain.eligibility); the
uploaded file is read in memory and dropped. An entry gets at most one code: the conditional
update that links the code to the entry decides a race between two requests. Staff void and
reissue a code for a resident who lost theirs, with an audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from pb.domain import eligibility as rules
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Cycle, User
from pb.models.audit import record
from pb.models.eligibility import CodeAccess, EligibilityEntry, EligibilityList
from pb.models.types import utcnow
from pb.services import codes
from pb.services.errors import Conflict, Refused, said, transaction

LABEL = "Get my code"  # the batch the self-service codes join


# --- the ways to a code a cycle offers -------------------------------------------------------


@dataclass(frozen=True)
class Access:
    self_service: bool = False
    email_codes: bool = False
    email_domains: tuple[str, ...] = ()
    email_needs_list: bool = False
    sms_codes: bool = False

    @property
    def any(self) -> bool:
        return self.self_service or self.email_codes or self.sms_codes


def access(cycle_id: int) -> Access:
    row = db.session.get(CodeAccess, cycle_id)
    if row is None:
        return Access()
    domains = tuple(d for d in row.email_domains.split(",") if d)
    return Access(row.self_service, row.email_codes, domains, row.email_needs_list, row.sms_codes)


def set_access(
    actor: User | None,
    cycle: Cycle,
    *,
    self_service: bool,
    email_codes: bool,
    email_domains: str = "",
    email_needs_list: bool = False,
    sms_codes: bool = False,
) -> Access:
    domains = sorted(
        {d.strip().lstrip("@").casefold() for d in email_domains.replace(";", ",").split(",")}
        - {""}
    )
    for d in domains:
        if "." not in d or any(ch.isspace() or ch == "@" for ch in d):
            raise Refused(
                _("%(domain)s is not a mail domain (like city.example).", domain=repr(d)),
                "email_domains",
            )
    setup = list_setup(cycle.id)
    if self_service and setup is None:
        raise Refused(_("Upload the eligibility list first."), "self_service")
    if email_needs_list and (setup is None or not setup.email_column):
        raise Refused(_("The eligibility list has no email column."), "email_needs_list")
    with transaction():
        row = db.session.get(CodeAccess, cycle.id) or CodeAccess(cycle_id=cycle.id)
        row.self_service = self_service
        row.email_codes = email_codes
        row.email_domains = ",".join(domains)
        row.email_needs_list = email_needs_list
        row.sms_codes = sms_codes
        db.session.add(row)
        record(
            actor,
            "eligibility.access",
            f"cycle:{cycle.slug}",
            self_service=self_service,
            email_codes=email_codes,
            email_domains=domains,
            email_needs_list=email_needs_list,
            sms_codes=sms_codes,
        )
    return access(cycle.id)


# --- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListSetup:
    id_columns: tuple[str, ...]
    district_column: str
    email_column: str


def list_setup(cycle_id: int) -> ListSetup | None:
    row = db.session.get(EligibilityList, cycle_id)
    if row is None:
        return None
    return ListSetup(tuple(json.loads(row.id_columns)), row.district_column, row.email_column)


@dataclass
class Preview:
    columns: list[str]
    rows: int
    problems: list[tuple[int, str]] = field(default_factory=list)
    added: int = 0
    withdrawn: int = 0
    kept: int = 0
    saved: bool = False


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _read(cycle: Cycle, data: bytes, id_columns: str, district_column: str, email_column: str):
    names = _columns(id_columns)
    try:
        preview = rules.read_list(data, names, district_column.strip(), email_column.strip())
    except rules.ListError as e:
        raise Refused(said(e.text), "file") from None
    districts = {b.district for b in cycle.budgets if b.district}
    problems = list(preview.problems)
    good = []
    for row in preview.rows:
        if district_column.strip() and row.district and row.district not in districts:
            problems.append(
                (
                    row.line,
                    _("no budget is for the district %(district)s", district=repr(row.district)),
                )
            )
        elif district_column.strip() and not row.district:
            problems.append((row.line, _("missing %(column)s", column=district_column.strip())))
        elif email_column.strip() and row.email and "@" not in row.email:
            problems.append(
                (row.line, _("%(email)s is not an email address", email=repr(row.email)))
            )
        else:
            good.append(row)
    return names, preview.columns, good, sorted(problems)


def upload_list(
    actor: User | None,
    cycle: Cycle,
    data: bytes,
    *,
    id_columns: str,
    district_column: str = "",
    email_column: str = "",
    pepper: str,
    save: bool = False,
    skip_problems: bool = False,
) -> Preview:
    """Check a list (save=False: nothing changes) or save it. Saving adds the new people,
    withdraws those no longer on it and leaves every issued code as it is. With row problems it
    saves only when `skip_problems` says to leave those rows out."""
    if cycle.current_phase.index > Phase.VOTING.index:
        raise Refused(_("Voting in %(cycle)s has closed.", cycle=cycle.name))
    names, header, good, problems = _read(cycle, data, id_columns, district_column, email_column)
    setup = list_setup(cycle.id)
    wanted = {}
    for row in good:
        email_hash = (
            rules.contact_hash("email", rules.normalize_email(row.email), pepper)
            if row.email
            else ""
        )
        wanted[rules.identity_hash(list(row.values), pepper)] = (row.district, email_hash)
    existing = {
        key: (entry_id, status, district, email_hash)
        for key, entry_id, status, district, email_hash in db.session.execute(
            db.select(
                EligibilityEntry.key_hash,
                EligibilityEntry.id,
                EligibilityEntry.status,
                EligibilityEntry.district,
                EligibilityEntry.email_hash,
            ).filter_by(cycle_id=cycle.id)
        )
    }
    active = {k for k, v in existing.items() if v[1] == "active"}
    preview = Preview(
        columns=header,
        rows=len(good),
        problems=problems,
        added=len(wanted.keys() - active),
        withdrawn=len(active - wanted.keys()),
        kept=len(active & wanted.keys()),
    )
    if not save:
        return preview
    if problems and not skip_problems:
        raise Refused(
            ngettext(
                "%(num)d row has problems (see the check below): correct the file, or "
                "choose to leave it out.",
                "%(num)d rows have problems (see the check below): correct the file, or "
                "choose to leave those rows out.",
                len(problems),
            ),
            "skip_problems",
        )
    if not wanted:
        raise Refused(_("The list has nobody on it."), "file")
    if setup is not None and list(setup.id_columns) != names:
        issued = db.session.scalar(
            db.select(db.func.count())
            .select_from(EligibilityEntry)
            .where(EligibilityEntry.cycle_id == cycle.id, EligibilityEntry.code_id.is_not(None))
        )
        if issued:
            raise Conflict(
                _(
                    "Codes were issued from the list identified by %(columns)s: "
                    "a new list must use the same columns.",
                    columns=", ".join(setup.id_columns),
                ),
                "id_columns",
            )
    with transaction():
        row = db.session.get(EligibilityList, cycle.id) or EligibilityList(cycle_id=cycle.id)
        row.id_columns = json.dumps(names)
        row.district_column = district_column.strip()
        row.email_column = email_column.strip()
        row.updated_at = utcnow()
        db.session.add(row)
        new = [
            {
                "cycle_id": cycle.id,
                "key_hash": key,
                "district": district,
                "email_hash": email_hash,
                "status": "active",
            }
            for key, (district, email_hash) in wanted.items()
            if key not in existing
        ]
        if new:
            db.session.execute(db.insert(EligibilityEntry), new)
        changed = [
            {"id": existing[key][0], "status": "active", "district": d, "email_hash": e}
            for key, (d, e) in wanted.items()
            if key in existing and existing[key][1:] != ("active", d, e)
        ]
        changed += [
            {"id": existing[key][0], "status": "withdrawn"} for key in active - wanted.keys()
        ]
        if changed:
            db.session.execute(db.update(EligibilityEntry), changed)
        record(
            actor,
            "eligibility.upload",
            f"cycle:{cycle.slug}",
            columns=names,
            added=preview.added,
            withdrawn=preview.withdrawn,
            kept=preview.kept,
            skipped=len(problems),
        )
    preview.saved = True
    return preview


@dataclass(frozen=True)
class ListStats:
    active: int
    withdrawn: int
    issued: int


def list_stats(cycle: Cycle) -> ListStats:
    rows = db.session.execute(
        db.select(
            EligibilityEntry.status,
            EligibilityEntry.code_id.is_not(None),
            db.func.count(),
        )
        .where(EligibilityEntry.cycle_id == cycle.id)
        .group_by(EligibilityEntry.status, EligibilityEntry.code_id.is_not(None))
    ).all()
    active = sum(n for s, _, n in rows if s == "active")
    withdrawn = sum(n for s, _, n in rows if s == "withdrawn")
    issued = sum(n for _, has, n in rows if has)
    return ListStats(active, withdrawn, issued)


# --- residents get their code ------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    plain: str
    district: str


def request_code(cycle_id: int, values: list[str], pepper: str) -> Issued | None:
    """The code for the active entry these fields identify, if it has none yet; else None (no
    such person, withdrawn, or a code issued already: the caller must not tell these apart)."""
    setup = list_setup(cycle_id)
    if setup is None or len(values) != len(setup.id_columns):
        return None
    key = rules.identity_hash(values, pepper)
    return _issue(cycle_id, EligibilityEntry.key_hash == key, pepper)


def request_code_by_email(cycle_id: int, email_hash: str, pepper: str) -> Issued | None:
    """Like request_code, for the entry with this address (email codes restricted to the list)."""
    if not email_hash:
        return None
    return _issue(cycle_id, EligibilityEntry.email_hash == email_hash, pepper)


def _issue(cycle_id: int, which, pepper: str) -> Issued | None:
    with transaction():
        found = db.session.execute(
            db.select(EligibilityEntry.id, EligibilityEntry.district).where(
                EligibilityEntry.cycle_id == cycle_id,
                which,
                EligibilityEntry.status == "active",
                EligibilityEntry.code_id.is_(None),
            )
        ).first()
        if found is None:
            return None
        entry_id, district = found
        code_id, plain = codes.issue_code(cycle_id, district, LABEL, pepper)
        taken = db.session.execute(
            db.update(EligibilityEntry)
            .where(EligibilityEntry.id == entry_id, EligibilityEntry.code_id.is_(None))
            .values(code_id=code_id)
        ).rowcount
        if taken != 1:  # another request got there first: keep nothing of this one
            db.session.rollback()
            return None
    return Issued(plain, district)


def forget_issue(cycle_id: int, plain: str, pepper: str) -> None:
    """Undo an issue whose code never reached the person (the message could not be sent): the
    code becomes void and the entry may ask again."""
    code = codes.find_code(cycle_id, plain, pepper)
    if code is None:
        return
    with transaction():
        codes.void_code_id(code.id)
        db.session.execute(
            db.update(EligibilityEntry)
            .where(EligibilityEntry.code_id == code.id)
            .values(code_id=None)
        )


def reissue(actor: User | None, cycle: Cycle, values: list[str], pepper: str) -> Issued:
    """Staff, for a resident who lost their code: void it and give the entry a new one."""
    setup = list_setup(cycle.id)
    if setup is None:
        raise Refused(_("This cycle has no eligibility list."))
    if cycle.current_phase.index > Phase.VOTING.index:
        raise Refused(_("Voting in %(cycle)s has closed.", cycle=cycle.name))
    key = rules.identity_hash(values, pepper)
    entry = db.session.scalar(
        db.select(EligibilityEntry).filter_by(cycle_id=cycle.id, key_hash=key)
    )
    if entry is None or entry.status != "active":
        raise Refused(_("Nobody on the list has these details."))
    with transaction():
        old = entry.code_id
        if old is not None:
            codes.void_code_id(old)
        code_id, plain = codes.issue_code(
            cycle.id, entry.district, LABEL, pepper, actor.id if actor is not None else None
        )
        entry.code_id = code_id
        record(actor, "eligibility.reissue", f"entry:{entry.id}", voided_code=old, new_code=code_id)
    return Issued(plain, entry.district)

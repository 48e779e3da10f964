"""Residents' ideas: submit, support, flag; staff moderate (publish, hide, merge) and choose
pre- or post-moderation per cycle. Each use case is one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Self

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models.audit import record
from pb.models.cycle import Budget, Cycle
from pb.models.ideas import DEFAULT_CATEGORIES, Idea, IdeaFlag, IdeaSettings, IdeaSupport
from pb.models.people import User
from pb.models.proposals import proposal_idea
from pb.models.schedule import phase_of
from pb.models.types import utcnow
from pb.services import photos
from pb.services.errors import Refused, transaction

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PUBLIC_FILTERS = ("published", "in_proposal", "hidden", "merged")


@dataclass
class PlaceInput:
    """What an idea and the proposal grown from it both say: what, and where."""

    title: str
    description: str
    category: str = ""
    district: str = ""
    location: str = ""

    def tidied(self) -> Self:
        """The same input with stray white space gone (runs of it in the title)."""
        return replace(
            self,
            title=" ".join(self.title.split()),
            description=self.description.strip(),
            category=self.category.strip(),
            district=self.district.strip(),
            location=self.location.strip(),
        )


@dataclass
class IdeaInput(PlaceInput):
    contact_email: str = ""


def settings_for(cycle: Cycle) -> IdeaSettings:
    found = db.session.get(IdeaSettings, cycle.id)
    if found is not None:
        return found
    # Not added to the session: the defaults until staff save settings.
    return IdeaSettings(
        cycle_id=cycle.id,
        moderation="pre",
        categories="\n".join(DEFAULT_CATEGORIES),
        districts="",
        residents_only=False,
    )


def districts_for(cycle: Cycle) -> list[str]:
    from_budgets = db.session.scalars(
        select(Budget.district).where(Budget.cycle_id == cycle.id, Budget.district != "")
    ).all()
    return sorted(set(settings_for(cycle).district_list) | set(from_budgets))


def _check(cycle: Cycle, data: IdeaInput) -> IdeaInput:
    clean = replace(data.tidied(), contact_email=data.contact_email.strip().lower())
    if len(clean.title) < 3:
        raise Refused(_("Give your idea a title of at least 3 characters."), "title")
    if len(clean.title) > 200:
        raise Refused(_("The title can be at most 200 characters."), "title")
    if len(clean.description) < 10:
        raise Refused(_("Describe your idea in at least 10 characters."), "description")
    if len(clean.description) > 10_000:
        raise Refused(_("The description can be at most 10,000 characters."), "description")
    if clean.category not in settings_for(cycle).category_list:
        raise Refused(_("Choose one of the categories."), "category")
    if clean.district and clean.district not in districts_for(cycle):
        raise Refused(_("Choose one of the districts, or citywide."), "district")
    if len(clean.location) > 200:
        raise Refused(_("The location can be at most 200 characters."), "location")
    if clean.contact_email and not EMAIL.match(clean.contact_email):
        raise Refused(_("This does not look like an email address."), "contact_email")
    return clean


def submit(
    cycle: Cycle,
    data: IdeaInput,
    photo: bytes | None = None,
    now: datetime | None = None,
    *,
    uploads: photos.Uploads = None,
) -> Idea:
    """`uploads` is the file store a sent photo goes to."""
    if phase_of(cycle, now) != Phase.IDEAS:
        raise Refused(_("Ideas can only be submitted during idea collection."))
    clean = _check(cycle, data)
    post = settings_for(cycle).moderation == "post"
    with photos.stored_photo(photo, uploads) as name, transaction():
        idea = Idea(
            cycle_id=cycle.id,
            **clean.__dict__,
            photo=name,
            status="published" if post else "pending",
            published_at=utcnow() if post else None,
        )
        db.session.add(idea)
    return idea


def support(idea: Idea, token: str, now: datetime | None = None) -> bool:
    """Count one support from this browser session; False if it supported this idea already."""
    if phase_of(idea.cycle, now) != Phase.IDEAS:
        raise Refused(_("Ideas can only be supported during idea collection."))
    if not idea.is_public:
        raise Refused(_("This idea cannot be supported."))
    already = db.session.scalar(
        select(exists().where(IdeaSupport.idea_id == idea.id, IdeaSupport.token == token))
    )
    if already:
        return False
    try:
        with transaction():
            db.session.add(IdeaSupport(idea_id=idea.id, token=token))
    except IntegrityError:  # the same session's second click arrived at the same moment
        return False
    db.session.expire(idea, ["support_count"])
    return True


def flag(idea: Idea, token: str, reason: str) -> bool:
    reason = " ".join(reason.split())
    if len(reason) < 3:
        raise Refused(_("Tell us briefly what is wrong with this idea."), "reason")
    if len(reason) > 500:
        raise Refused(_("Please keep it under 500 characters."), "reason")
    if idea.status != "published":
        raise Refused(_("This idea is not shown publicly."))
    if db.session.scalar(
        select(exists().where(IdeaFlag.idea_id == idea.id, IdeaFlag.token == token))
    ):
        return False
    try:
        with transaction():
            db.session.add(IdeaFlag(idea_id=idea.id, token=token, reason=reason))
    except IntegrityError:
        return False
    return True


# --- moderation (staff) -------------------------------------------------------------------


def publish(actor: User, idea: Idea) -> None:
    if idea.status not in ("pending", "hidden"):
        raise Refused(_("Only waiting or hidden ideas can be published."))
    with transaction():
        before = idea.status
        idea.status, idea.hidden_reason = "published", ""
        idea.published_at = idea.published_at or utcnow()
        _resolve(idea)
        record(actor, "idea.publish", f"idea:{idea.id}", before=before)


def hide(actor: User, idea: Idea, reason: str) -> None:
    reason = reason.strip()
    if len(reason) < 3:
        raise Refused(_("Give the public reason for hiding this idea."), "reason")
    if idea.status == "merged":
        raise Refused(_("A merged idea is shown as part of the idea it was merged into."))
    with transaction():
        before = idea.status
        idea.status, idea.hidden_reason = "hidden", reason
        _resolve(idea)
        record(actor, "idea.hide", f"idea:{idea.id}", before=before, reason=reason)


def resolve_flags(actor: User, idea: Idea) -> None:
    with transaction():
        n = _resolve(idea)
        record(actor, "idea.flags_resolved", f"idea:{idea.id}", flags=n)


def _resolve(idea: Idea) -> int:
    open_flags = [f for f in idea.flags if not f.resolved]
    for f in open_flags:
        f.resolved = True
    return len(open_flags)


def merge(actor: User, idea: Idea, survivor: Idea) -> None:
    """`idea` is a duplicate of `survivor`: it points there from now on, its supports move over
    (a session that supported both counts once), and ideas merged into it point on too."""
    if idea.id == survivor.id:
        raise Refused(_("An idea cannot be merged into itself."), "survivor")
    if idea.cycle_id != survivor.cycle_id:
        raise Refused(_("Both ideas must belong to the same cycle."), "survivor")
    if idea.status == "merged":
        raise Refused(_("This idea has been merged already."))
    if survivor.status not in ("pending", "published"):
        raise Refused(
            _("Merge into an idea that is shown or waiting, not hidden or merged."), "survivor"
        )
    with transaction():
        survivor_tokens = set(
            db.session.scalars(select(IdeaSupport.token).where(IdeaSupport.idea_id == survivor.id))
        )
        moved = 0
        for s in db.session.scalars(select(IdeaSupport).where(IdeaSupport.idea_id == idea.id)):
            if s.token not in survivor_tokens:
                s.idea_id = survivor.id
                moved += 1
        for earlier in db.session.scalars(select(Idea).where(Idea.merged_into_id == idea.id)):
            earlier.merged_into_id = survivor.id
        idea.status, idea.merged_into_id, idea.hidden_reason = "merged", survivor.id, ""
        _resolve(idea)
        record(actor, "idea.merge", f"idea:{idea.id}", into=survivor.id, supports_moved=moved)
    db.session.expire(survivor, ["support_count"])
    db.session.expire(idea, ["support_count"])


def save_settings(
    actor: User,
    cycle: Cycle,
    moderation: str,
    categories: list[str],
    districts: list[str],
    residents_only: bool = False,
) -> IdeaSettings:
    if moderation not in ("pre", "post"):
        raise Refused(_("Choose pre- or post-moderation."), "moderation")
    categories = [c.strip() for c in categories if c.strip()]
    if not categories:
        raise Refused(_("List at least one category."), "categories")
    if any(len(c) > 100 for c in categories + districts):
        raise Refused(_("Each category and district can be at most 100 characters."), "categories")
    with transaction():
        found = db.session.get(IdeaSettings, cycle.id)
        if found is None:
            found = IdeaSettings(cycle_id=cycle.id)
            db.session.add(found)
        found.moderation = moderation
        found.categories = "\n".join(categories)
        found.districts = "\n".join(d.strip() for d in districts if d.strip())
        found.residents_only = residents_only
        record(
            actor,
            "idea.settings",
            f"cycle:{cycle.id}",
            moderation=moderation,
            categories=categories,
            districts=districts,
            residents_only=residents_only,
        )
    return found


def resident_check(cycle: Cycle, code: str, pepper: str) -> None:
    """Refused unless `code` is a valid, not voided voter code of the cycle: proof of being a
    resident where a cycle asks for it. Nothing about the code is kept with supports or ideas."""
    from pb.services.codes import find_code

    try:
        found = find_code(cycle.id, code, pepper)
    except ValueError:  # not shaped like a code at all
        found = None
    if found is None or not found.active:
        raise Refused(_("This is not a valid code for this cycle. Check it and try again."), "code")


# --- browsing -----------------------------------------------------------------------------


def search(
    cycle: Cycle,
    text: str = "",
    category: str = "",
    district: str = "",
    status: str = "",
    sort: str = "new",
    public: bool = True,
) -> Select:
    """The ideas matching the filters (a statement: the view paginates it). Public browsing
    sees published ideas, or hidden/merged ones when asked; staff see every status."""
    q = select(Idea).where(Idea.cycle_id == cycle.id)
    in_proposal = exists().where(proposal_idea.c.idea_id == Idea.id)
    if status == "in_proposal":
        q = q.where(Idea.status == "published", in_proposal)
    elif status in ("pending", "published", "hidden", "merged") and (
        not public or status in PUBLIC_FILTERS
    ):
        q = q.where(Idea.status == status)
    elif status == "flagged" and not public:
        q = q.where(Idea.open_flag_count > 0)
    elif public:
        q = q.where(Idea.status == "published")
    if text.strip():
        needle = text.strip().lower()
        q = q.where(
            or_(
                func.lower(Idea.title).contains(needle, autoescape=True),
                func.lower(Idea.description).contains(needle, autoescape=True),
                func.lower(Idea.location).contains(needle, autoescape=True),
            )
        )
    if category:
        q = q.where(Idea.category == category)
    if district:
        q = q.where(Idea.district == ("" if district == "citywide" else district))
    if sort == "support":
        return q.order_by(Idea.support_count.desc(), Idea.id.desc())
    return q.order_by(Idea.id.desc())


def categories_in_use(cycle: Cycle) -> list[str]:
    return sorted(
        set(settings_for(cycle).category_list)
        | set(db.session.scalars(select(Idea.category).where(Idea.cycle_id == cycle.id))) - {""}
    )


def browse(cycle: Cycle, page: int, per_page: int, **filters: str) -> Pagination:
    """One page of `search(cycle, **filters)`; a page past the end is empty, not an error."""
    return db.paginate(search(cycle, **filters), page=page, per_page=per_page, error_out=False)


def idea_in(slug: str, idea_id: int) -> Idea | None:
    """The idea, if it belongs to the cycle with this slug."""
    idea = db.session.get(Idea, idea_id)
    return idea if idea is not None and idea.cycle.slug == slug else None

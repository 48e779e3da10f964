"""Proposals: delegates and staff develop them from ideas (text, linked ideas, cost lines),
staff review feasibility and promote feasible ones into a budget's ballot projects."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select

from pb.domain.markdown import plain
from pb.domain.phases import is_frozen
from pb.extensions import db
from pb.models.audit import record
from pb.models.cycle import Budget, Cycle, Project
from pb.models.ideas import Idea
from pb.models.people import User
from pb.models.proposals import CostItem, ProjectOrigin, Proposal, proposal_idea
from pb.models.schedule import phase_of
from pb.models.types import utcnow
from pb.services import photos
from pb.services.errors import Conflict, Refused, transaction
from pb.services.ideas import PlaceInput, districts_for, settings_for

MAX_AMOUNT = Decimal("1000000000000")


@dataclass
class ProposalInput(PlaceInput):
    summary: str = ""


def parse_cost_lines(lines: list[tuple[str, str]]) -> list[tuple[str, Decimal]]:
    """(label, amount text) pairs from a form; blank rows are skipped, half-filled ones refused.
    The field named in a refusal is "cost_items-<row>-<label|amount>"."""
    out = []
    for i, (label, amount) in enumerate(lines):
        label, amount = label.strip(), amount.strip().replace(",", "")
        if not label and not amount:
            continue
        field = f"cost_items-{i}-amount"
        if not label:
            raise Refused(_("Say what this amount is for."), f"cost_items-{i}-label")
        if len(label) > 200:
            raise Refused(_("A cost line can be at most 200 characters."), f"cost_items-{i}-label")
        try:
            value = Decimal(amount)
        except InvalidOperation:
            raise Refused(
                _("Enter the amount as a number, such as 12500 or 12500.50."), field
            ) from None
        if not value.is_finite() or value <= 0 or value >= MAX_AMOUNT:
            raise Refused(_("The amount must be more than 0."), field)
        if value != value.quantize(Decimal("0.01")):
            raise Refused(_("Use at most two decimals."), field)
        out.append((label, value))
    return out


def _check(
    cycle: Cycle, data: ProposalInput, idea_ids: list[int]
) -> tuple[ProposalInput, list[Idea]]:
    clean = replace(data.tidied(), summary=" ".join(data.summary.split()))
    if not 3 <= len(clean.title) <= 200:
        raise Refused(_("The title needs 3 to 200 characters."), "title")
    if len(clean.summary) > 500:
        raise Refused(_("The summary can be at most 500 characters."), "summary")
    if len(clean.description) > 20_000:
        raise Refused(_("The description can be at most 20,000 characters."), "description")
    if clean.category and clean.category not in settings_for(cycle).category_list:
        raise Refused(_("Choose one of the categories."), "category")
    if clean.district and clean.district not in districts_for(cycle):
        raise Refused(_("Choose one of the districts, or citywide."), "district")
    if len(clean.location) > 200:
        raise Refused(_("The location can be at most 200 characters."), "location")
    ideas = list(db.session.scalars(select(Idea).where(Idea.id.in_(set(idea_ids)))))
    if len(ideas) != len(set(idea_ids)) or any(i.cycle_id != cycle.id for i in ideas):
        raise Refused(_("Link only ideas of this cycle."), "ideas")
    if any(i.status not in ("published", "pending") for i in ideas):
        raise Refused(
            _("Hidden or merged ideas cannot be linked; link the surviving idea."), "ideas"
        )
    return clean, ideas


def save(
    actor: User,
    cycle: Cycle,
    data: ProposalInput,
    idea_ids: list[int],
    cost_lines: list[tuple[str, Decimal]],
    photo: bytes | None = None,
    proposal: Proposal | None = None,
    now: datetime | None = None,
    *,
    uploads: photos.Uploads = None,
) -> Proposal:
    """Create (proposal=None) or edit a proposal. Editing a reviewed proposal sends it back to
    review: what the reviewers approved is what gets promoted. A sent photo is stored in
    `uploads`."""
    if is_frozen(phase_of(cycle, now)):
        raise Conflict(_("Proposals can no longer change once voting has opened."))
    if proposal is not None and proposal.origin is not None:
        raise Refused(_("This proposal is on the ballot already; change the project instead."))
    clean, ideas = _check(cycle, data, idea_ids)
    with photos.stored_photo(photo, uploads, "image") as name, transaction():
        creating = proposal is None
        if creating:
            proposal = Proposal(cycle_id=cycle.id, created_by_id=actor.id)
            db.session.add(proposal)
        before_review = proposal.review
        for key, value in clean.__dict__.items():
            setattr(proposal, key, value)
        if name:
            proposal.image = name
        proposal.ideas = ideas
        proposal.cost_items = [
            CostItem(label=label, amount=amount, position=i)
            for i, (label, amount) in enumerate(cost_lines)
        ]
        if not creating and before_review in ("feasible", "needs_changes"):
            proposal.review = "pending"
        db.session.flush()
        record(
            actor,
            "proposal.create" if creating else "proposal.edit",
            f"proposal:{proposal.id}",
            title=proposal.title,
            ideas=[i.id for i in ideas],
            cost=str(sum((a for _, a in cost_lines), Decimal(0))),
            review_reset=(not creating and before_review != proposal.review),
        )
    return proposal


def review(
    actor: User, proposal: Proposal, verdict: str, public_reason: str, internal_notes: str
) -> None:
    public_reason, internal_notes = public_reason.strip(), internal_notes.strip()
    if verdict not in ("feasible", "not_feasible", "needs_changes"):
        raise Refused(_("Choose feasible, not feasible or needs changes."), "verdict")
    if verdict in ("not_feasible", "needs_changes") and len(public_reason) < 3:
        raise Refused(_("Give the public reason for this review."), "public_reason")
    if proposal.origin is not None:
        raise Refused(_("This proposal is on the ballot already."))
    if verdict == "feasible" and proposal.cost <= 0:
        raise Refused(_("Add the cost lines before marking the proposal feasible."), "verdict")
    with transaction():
        before = proposal.review
        proposal.review = verdict
        proposal.public_reason = public_reason
        proposal.internal_notes = internal_notes
        proposal.reviewed_by_id, proposal.reviewed_at = actor.id, utcnow()
        # The internal notes go into the audit log too: it is staff-only.
        record(
            actor,
            "proposal.review",
            f"proposal:{proposal.id}",
            before=before,
            after=verdict,
            public_reason=public_reason,
            internal_notes=internal_notes,
        )


def promote(
    actor: User, proposal: Proposal, budget: Budget, now: datetime | None = None
) -> Project:
    """Copy a feasible proposal into `budget` as a ballot project, keeping the link back."""
    cycle = proposal.cycle
    phase = phase_of(cycle, now)
    if is_frozen(phase):
        raise Conflict(
            _(
                "The ballot is frozen since voting opened (%(phase)s now): "
                "projects can no longer be added.",
                phase=phase.label.lower(),
            )
        )
    if budget.cycle_id != proposal.cycle_id:
        raise Refused(_("Choose a budget of this proposal's cycle."), "budget")
    if proposal.origin is not None:
        raise Conflict(_("This proposal is on the ballot already."))
    if proposal.review != "feasible":
        raise Conflict(_("Only proposals reviewed as feasible can go on the ballot."))
    if proposal.cost <= 0:
        raise Conflict(_("The proposal has no cost estimate."))
    with transaction():
        last = db.session.scalar(
            select(func.max(Project.position)).where(Project.budget_id == budget.id)
        )
        project = Project(
            budget_id=budget.id,
            title=proposal.title,
            summary=(proposal.summary or plain(proposal.description, 500))[:500],
            description=proposal.description,
            cost=proposal.cost,
            category=proposal.category,
            district=proposal.district,
            location=proposal.location,
            image=proposal.image,
            position=(last or 0) + 1,
        )
        db.session.add(project)
        db.session.flush()
        db.session.add(
            ProjectOrigin(project_id=project.id, proposal_id=proposal.id, promoted_by_id=actor.id)
        )
        record(
            actor,
            "proposal.promote",
            f"proposal:{proposal.id}",
            project=project.id,
            budget=budget.id,
            cost=str(project.cost),
        )
    return project


# --- public pages -------------------------------------------------------------------------


def origin_of(project: Project) -> ProjectOrigin | None:
    return db.session.get(ProjectOrigin, project.id)


@dataclass(frozen=True)
class Origin:
    """Where a ballot project came from: its proposal and the public ideas behind it."""

    proposal: Proposal
    ideas: list[Idea]


def origin(project: Project) -> Origin | None:
    found = origin_of(project)
    if found is None:
        return None
    return Origin(found.proposal, published_ideas(found.proposal))


def published_ideas(proposal: Proposal) -> list[Idea]:
    """The linked ideas the public may see (not those waiting, hidden or merged)."""
    return [i for i in proposal.ideas if i.status == "published"]


def for_cycle(cycle: Cycle) -> list[Proposal]:
    """The cycle's proposals, newest first."""
    return list(
        db.session.scalars(
            select(Proposal).filter_by(cycle_id=cycle.id).order_by(Proposal.id.desc())
        )
    )


def proposal_in(cycle: Cycle, proposal_id: int) -> Proposal | None:
    found = db.session.get(Proposal, proposal_id)
    return found if found is not None and found.cycle_id == cycle.id else None


def linking(idea: Idea) -> list[Proposal]:
    """The proposals that took this idea in."""
    return list(
        db.session.scalars(
            select(Proposal)
            .join(proposal_idea, proposal_idea.c.proposal_id == Proposal.id)
            .where(proposal_idea.c.idea_id == idea.id)
            .order_by(Proposal.id)
        )
    )

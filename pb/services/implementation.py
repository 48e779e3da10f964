"""After the results: each funded project is tracked (status, progress, money spent) and gets
dated public updates. The cycle page sums it up: allocated vs spent, how many are done."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models.audit import record
from pb.models.cycle import Budget, Cycle, Project
from pb.models.implementation import STATUSES, ProjectProgress, ProjectUpdate
from pb.models.people import User
from pb.models.schedule import phase_of
from pb.services import photos
from pb.services.errors import Refused, transaction


def _after_results(cycle: Cycle, now: datetime | None = None) -> None:
    if phase_of(cycle, now).index < Phase.RESULTS.index:
        raise Refused(_("Projects are tracked once the results are published."))


def published_winners(cycle: Cycle) -> set[int]:
    """Project ids funded by each budget's latest published count (empty if none published)."""
    from pb.models.count import Count  # the voting side's table; read only

    winners: set[int] = set()
    for budget in cycle.budgets:
        latest = db.session.scalar(
            select(Count)
            .where(Count.budget_id == budget.id, Count.published_at.is_not(None))
            .order_by(Count.published_at.desc(), Count.id.desc())
        )
        if latest is None:
            continue
        selected = json.loads(latest.outcome).get("selected", [])
        ids = {p.id for p in budget.projects}
        winners |= {int(s) for s in selected if str(s).isdigit() and int(s) in ids}
    return winners


def track(actor: User, cycle: Cycle, project_ids: list[int], now: datetime | None = None) -> int:
    """Start tracking these projects of the cycle as funded; returns how many were new."""
    _after_results(cycle, now)
    projects = {
        p.id: p
        for p in db.session.scalars(
            select(Project)
            .join(Budget)
            .where(Budget.cycle_id == cycle.id, Project.id.in_(project_ids))
        )
    }
    if set(project_ids) - set(projects):
        raise Refused(_("Choose projects of this cycle."), "projects")
    new = [p for p in projects.values() if p.progress is None]
    with transaction():
        for p in new:
            p.progress = ProjectProgress(allocated=p.cost, spent=Decimal(0), status="planned")
        record(
            actor, "implementation.track", f"cycle:{cycle.id}", projects=sorted(p.id for p in new)
        )
    return len(new)


def set_status(
    actor: User,
    progress: ProjectProgress,
    status: str,
    percent: int,
    spent: Decimal,
    cancel_reason: str = "",
) -> None:
    cancel_reason = cancel_reason.strip()
    if status not in STATUSES:
        raise Refused(_("Choose a status."), "status")
    if not 0 <= percent <= 100:
        raise Refused(_("Progress is a percentage from 0 to 100."), "percent")
    if status == "completed" and percent != 100:
        raise Refused(_("A completed project must be at 100 percent."), "percent")
    if status == "cancelled" and len(cancel_reason) < 3:
        raise Refused(_("Give the public reason for cancelling."), "cancel_reason")
    if spent < 0 or spent != spent.quantize(Decimal("0.01")):
        raise Refused(
            _("Enter the money spent so far, 0 or more, with at most two decimals."), "spent"
        )
    with transaction():
        before = (progress.status, progress.percent, str(progress.spent))
        progress.status, progress.percent, progress.spent = status, percent, spent
        progress.cancel_reason = cancel_reason if status == "cancelled" else ""
        record(
            actor,
            "implementation.status",
            f"project:{progress.project_id}",
            before=before,
            after=(status, percent, str(spent)),
            reason=progress.cancel_reason,
        )


def add_update(
    actor: User,
    progress: ProjectProgress,
    posted_on: date,
    title: str,
    body: str,
    photo: bytes | None = None,
    *,
    uploads: photos.Uploads = None,
) -> ProjectUpdate:
    """A dated public update; a sent photo is stored in `uploads`."""
    title = " ".join(title.split())
    if not 3 <= len(title) <= 200:
        raise Refused(_("The title needs 3 to 200 characters."), "title")
    if len(body) > 10_000:
        raise Refused(_("The text can be at most 10,000 characters."), "body")
    with photos.stored_photo(photo, uploads) as name, transaction():
        update = ProjectUpdate(
            project_id=progress.project_id,
            posted_on=posted_on,
            title=title,
            body=body.strip(),
            photo=name,
            created_by_id=actor.id,
        )
        db.session.add(update)
        db.session.flush()
        record(
            actor,
            "implementation.update",
            f"project:{progress.project_id}",
            update=update.id,
            title=title,
            photo=bool(name),
        )
    db.session.expire(progress, ["updates"])
    return update


@dataclass(frozen=True)
class Summary:
    allocated: Decimal
    spent: Decimal
    tracked: int
    completed: int
    in_progress: int
    cancelled: int
    currency: str
    projects: list[Project]

    @property
    def spent_percent(self) -> int:
        return int(self.spent * 100 / self.allocated) if self.allocated else 0


def summary(cycle: Cycle) -> Summary:
    projects = list(
        db.session.scalars(
            select(Project)
            .join(Budget)
            .join(ProjectProgress, ProjectProgress.project_id == Project.id)
            .where(Budget.cycle_id == cycle.id)
            .order_by(Budget.position, Project.position, Project.id)
        )
    )
    rows = [p.progress for p in projects]
    by = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    return Summary(
        allocated=sum((r.allocated for r in rows), Decimal(0)),
        spent=sum((r.spent for r in rows), Decimal(0)),
        tracked=len(rows),
        completed=by["completed"],
        in_progress=by["in_progress"],
        cancelled=by["cancelled"],
        currency=cycle.budgets[0].currency if cycle.budgets else "",
        projects=projects,
    )


def tracked_in(cycle: Cycle, project_id: int) -> ProjectProgress | None:
    """The progress of a funded project of this cycle; None if it is not tracked."""
    progress = db.session.get(ProjectProgress, project_id)
    if progress is None or progress.project.budget.cycle_id != cycle.id:
        return None
    return progress

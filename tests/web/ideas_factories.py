"""Factories for the idea, proposal and implementation tests (plain functions; the app and db
fixtures come from tests/web/conftest.py)."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from PIL import Image

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import AuditEntry, Budget, Cycle, Project, User
from pb.models.ideas import Idea
from pb.models.proposals import CostItem, Proposal
from pb.models.schedule import PhaseDate


def make_cycle(slug: str = "town", phase: Phase = Phase.IDEAS, **dates: datetime) -> Cycle:
    """dates: ideas_starts=..., voting_ends=..., one keyword per phase edge."""
    cycle = Cycle(slug=slug, name=f"Cycle {slug}", phase=phase.value)
    db.session.add(cycle)
    db.session.flush()
    by_phase: dict[str, dict[str, datetime]] = {}
    for key, value in dates.items():
        phase_name, edge = key.rsplit("_", 1)
        by_phase.setdefault(phase_name, {})[edge] = value
    for phase_name, edges in by_phase.items():
        db.session.add(
            PhaseDate(
                cycle_id=cycle.id,
                phase=phase_name,
                starts_at=edges.get("starts"),
                ends_at=edges.get("ends"),
            )
        )
    db.session.commit()
    return cycle


def make_budget(
    cycle: Cycle, name: str = "Citywide", amount: int = 100_000, district: str = ""
) -> Budget:
    budget = Budget(cycle_id=cycle.id, name=name, amount=Decimal(amount), district=district)
    db.session.add(budget)
    db.session.commit()
    return budget


def make_project(budget: Budget, title: str = "Benches", cost: int = 10_000) -> Project:
    project = Project(budget_id=budget.id, title=title, cost=Decimal(cost))
    db.session.add(project)
    db.session.commit()
    return project


def make_user(role: str = "staff", email: str | None = None) -> User:
    user = User(email=email or f"{role}@example.org", name=role.title(), role=role)
    user.password_hash = "unused"  # tests sign in through the session, not the password
    db.session.add(user)
    db.session.commit()
    return user


def sign_in(client, user: User) -> None:
    # The db fixture keeps one app context open, and requests reuse it: forget the user
    # Flask-Login cached on `g` during an earlier request.
    from flask import g

    g.pop("_login_user", None)
    with client.session_transaction() as sess:
        sess["_user_id"] = str(user.id)
        sess["_fresh"] = True


def make_idea(cycle: Cycle, title: str = "More trees", status: str = "published", **kw) -> Idea:
    idea = Idea(
        cycle_id=cycle.id,
        title=title,
        description=kw.pop("description", "Plant trees along the main street."),
        category=kw.pop("category", "Environment and green spaces"),
        status=status,
        **kw,
    )
    db.session.add(idea)
    db.session.commit()
    return idea


def make_proposal(
    cycle: Cycle, title: str = "Tree alley", review: str = "feasible", cost: int = 20_000, ideas=()
) -> Proposal:
    proposal = Proposal(cycle_id=cycle.id, title=title, description="Twenty trees.", review=review)
    proposal.cost_items = [CostItem(label="Trees", amount=Decimal(cost), position=0)]
    proposal.ideas = list(ideas)
    if review == "not_feasible":
        proposal.public_reason = "Underground pipes."
    db.session.add(proposal)
    db.session.commit()
    return proposal


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(out, fmt)
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).filter_by(action=action)))

"""Factories for every test that needs rows: plain functions, called inside an app context
(the `db` or `ctx` fixture of tests/conftest.py opens one)."""

from __future__ import annotations

import io
import json
from datetime import datetime
from decimal import Decimal
from functools import cache

from flask import Flask, current_app
from PIL import Image
from werkzeug.security import generate_password_hash

from pb.domain import envelopes
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import (
    AuditEntry,
    Ballot,
    Budget,
    CodeBatch,
    Count,
    CountingKey,
    Cycle,
    Envelope,
    Participation,
    Project,
    User,
)
from pb.models.ideas import Idea
from pb.models.proposals import CostItem, Proposal
from pb.models.schedule import PhaseDate
from pb.models.texts import LocalText
from pb.models.types import utcnow
from pb.services import codes, counting_keys, opening, voting

PASSWORD = "correct horse battery staple"
# Four projects, 1000 to spend: enough for ballots that fit and ballots that do not.
COSTS = (400, 300, 200, 100)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


# --- cycles, budgets, projects ---------------------------------------------------------------


def make_cycle(
    slug: str = "town", phase: Phase = Phase.IDEAS, name: str = "", **dates: datetime
) -> Cycle:
    """A cycle in `phase` (a new cycle starts with ideas). dates: ideas_starts=...,
    voting_ends=..., one keyword per phase edge."""
    cycle = Cycle(slug=slug, name=name or f"Cycle {slug}", phase=phase.value)
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
    # Every test cycle has its counting key (server custody), as opening the vote would make it,
    # so that tests may move a cycle into voting by hand and cast sealed ballots.
    counting_keys.new_server_key(cycle, current_app.config["PB_KEY_DIR"])
    db.session.commit()
    return cycle


def set_phase(cycle: Cycle, phase: Phase) -> None:
    cycle.phase = phase.value
    db.session.commit()


def write_texts(cycle_id: int, lang: str, *texts: tuple[str, int, str, str]) -> None:
    """Staff's texts in `lang`: each (kind, object id, field, value); committed."""
    for kind, object_id, field, value in texts:
        db.session.add(
            LocalText(
                cycle_id=cycle_id,
                kind=kind,
                object_id=object_id,
                field=field,
                lang=lang,
                value=value,
            )
        )
    db.session.commit()


def make_budget(
    cycle: Cycle,
    kind: str = "approval",
    amount: int = 1000,
    costs: tuple[int, ...] = COSTS,
    district: str = "",
    name: str = "",
    rule: str = "greedy",
    **settings,
) -> Budget:
    """A budget with one project per cost ("Project A", "Project B", ...); `costs=()` for none."""
    budget = Budget(
        cycle=cycle,
        name=name or f"{kind} {district or 'citywide'} {len(cycle.budgets)}",
        district=district,
        amount=Decimal(amount),
        ballot_kind=kind,
        rule=rule,
        tie_break="id",
        **settings,
    )
    for i, cost in enumerate(costs):
        budget.projects.append(
            Project(
                title=f"Project {chr(65 + i)}",
                cost=Decimal(cost),
                position=i,
                category=("Parks", "Streets")[i % 2],
            )
        )
    db.session.add(budget)
    db.session.commit()
    return budget


def make_empty_budget(
    cycle: Cycle, name: str = "", amount: int = 100_000, district: str = ""
) -> Budget:
    """A budget without projects, for tests that add their own (promoted proposals, tracking)."""
    return make_budget(cycle, amount=amount, costs=(), district=district, name=name)


def make_project(budget: Budget, title: str = "Benches", cost: int = 10_000) -> Project:
    project = Project(budget_id=budget.id, title=title, cost=Decimal(cost))
    db.session.add(project)
    db.session.commit()
    return project


def pids(budget: Budget) -> list[str]:
    return [str(p.id) for p in budget.projects]


# --- codes and ballots -----------------------------------------------------------------------


def publish_count(budget: Budget, selected: list[Project], ballots: int) -> Count:
    """A count of `budget` with `selected` funded, published as staff would after reviewing it."""
    count = Count(
        budget_id=budget.id,
        rule="greedy",
        tie_break="id",
        ballots=ballots,
        outcome=json.dumps({"selected": [str(p.id) for p in selected]}),
        published_at=utcnow(),
    )
    db.session.add(count)
    db.session.commit()
    return count


def make_codes(cycle: Cycle, n: int = 1, district: str = "") -> list[str]:
    scope = "district" if district else "all"
    _batch, plain = codes.generate_batch(
        None, cycle, n, scope=scope, district=district, pepper=pepper()
    )
    return plain


def make_batch(cycle: Cycle, n: int = 1) -> CodeBatch:
    batch, _plain = codes.generate_batch(None, cycle, n, scope="all", pepper=pepper())
    return batch


def key_dir() -> str:
    return current_app.config["PB_KEY_DIR"]


def pepper() -> str:
    return current_app.config["PB_CODE_PEPPER"]


def code_row(cycle: Cycle, plain: str) -> codes.Code:
    return codes.find_code(cycle.id, plain, pepper())


def sealed() -> list[envelopes.Contents]:
    """What every sealed envelope in the database holds, opened in memory with the test keys
    (the envelopes stay sealed in the database)."""
    key_dir = current_app.config["PB_KEY_DIR"]
    found = []
    for key in db.session.scalars(db.select(CountingKey)):
        cycle = db.session.get(Cycle, key.cycle_id)
        rows = db.session.execute(
            db.select(Envelope.id, Envelope.sealed)
            .join(Budget, Budget.id == Envelope.budget_id)
            .where(Budget.cycle_id == cycle.id)
        ).all()
        if rows:
            opened = envelopes.open_all(counting_keys.private_key(cycle, key_dir), rows)
            assert not opened.spoiled, opened.spoiled
            found += opened.contents.values()
    return found


def stored() -> tuple[int, int, int]:
    """(ballots, ballot entries, participations) in the whole database, sealed or opened."""
    count = db.session.scalar
    inside = sealed()
    return (
        count(db.select(db.func.count()).select_from(Ballot)) + len(inside),
        sum(len(b.split(",")) for b in db.session.scalars(db.select(Ballot.choices)) if b)
        + sum(len(c.selection) for c in inside),
        count(db.select(db.func.count()).select_from(Participation)),
    )


def vote_all(cycle: Cycle, budget: Budget, forms: list[dict]) -> None:
    """Cast one ballot in `budget` per form, each with a new code, as voters do."""
    for code, form in zip(make_codes(cycle, len(forms)), forms, strict=True):
        row, _remaining = voting.enter_code(voting.load_cycle(cycle.slug), code, pepper())
        voting.cast(cycle.slug, row.id, budget.id, form)


def open_ballots(cycle: Cycle) -> dict:
    """Close the vote and open its envelopes, as staff do at the count (no page rewrite)."""
    cycle.phase = Phase.COUNTING.value
    db.session.commit()
    private = counting_keys.private_key(cycle, current_app.config["PB_KEY_DIR"])
    return opening.open_envelopes(None, cycle, private, compact=None)


# --- people ----------------------------------------------------------------------------------


@cache
def _password_hash() -> str:
    # Hashing is slow on purpose; one hash serves every test user.
    return generate_password_hash(PASSWORD)


def make_user(role: str = "staff", email: str | None = None) -> User:
    """An account that signs in with PASSWORD (or directly through `sign_in`)."""
    user = User(email=email or f"{role}@example.org", name=role.title(), role=role)
    user.password_hash = _password_hash()
    db.session.add(user)
    db.session.commit()
    return user


def sign_in(client, user: User) -> None:
    """Sign `client` in as `user` (inside an app context, e.g. the `db` fixture)."""
    # The db fixture keeps one app context open, and requests reuse it: forget the user
    # Flask-Login cached on `g` during an earlier request.
    from flask import g

    g.pop("_login_user", None)
    _staff_cookie(client, user)


def _staff_cookie(client, user: User) -> None:
    """What a real login leaves in the cookie: the account and a sign-in kept on the server."""
    import time
    from datetime import timedelta

    from pb.services import staff_sessions
    from pb.web.auth import SEEN, TOKEN

    token = staff_sessions.start(user, timedelta(hours=12))
    with client.session_transaction() as sess:
        sess["_user_id"] = str(user.id)
        sess["_fresh"] = True
        sess[TOKEN] = token
        sess[SEEN] = int(time.time())


def sign_in_as(client, app: Flask, role: str) -> int:
    """Sign `client` in as the first account with `role` (made if needed); from outside an
    app context. Returns the user's id."""
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(role=role)) or make_user(role)
        user_id = user.id
        _staff_cookie(client, user)
    return user_id


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).filter_by(action=action)))


# --- ideas and proposals ---------------------------------------------------------------------


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

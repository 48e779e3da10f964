"""Factories for the voting platform's tests: plain functions, called inside an app context."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Ballot, BallotEntry, Budget, Cycle, Participation, Project, User
from pb.services import codes


def make_cycle(slug: str = "city", phase: Phase = Phase.PROPOSALS, name: str = "") -> Cycle:
    cycle = Cycle(slug=slug, name=name or f"City {slug}", phase=phase.value)
    db.session.add(cycle)
    db.session.commit()
    return cycle


def make_budget(
    cycle: Cycle,
    kind: str = "approval",
    amount: int = 1000,
    costs: tuple[int, ...] = (400, 300, 200, 100),
    district: str = "",
    name: str = "",
    rule: str = "greedy",
    **settings,
) -> Budget:
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


def set_phase(cycle: Cycle, phase: Phase) -> None:
    cycle.phase = phase.value
    db.session.commit()


def make_codes(cycle: Cycle, n: int = 1, district: str = "") -> list[str]:
    scope = "district" if district else "all"
    _batch, plain = codes.generate_batch(
        None, cycle, n, scope=scope, district=district, pepper=pepper()
    )
    return plain


def make_user(role: str = "staff", email: str = "") -> User:
    user = User(email=email or f"{role}@example.org", name=role.title(), role=role)
    user.set_password("correct horse battery staple")
    db.session.add(user)
    db.session.commit()
    return user


def pids(budget: Budget) -> list[str]:
    return [str(p.id) for p in budget.projects]


def stored() -> tuple[int, int, int]:
    """(ballots, ballot entries, participations) in the whole database."""
    count = db.session.scalar
    return (
        count(db.select(db.func.count()).select_from(Ballot)),
        count(db.select(db.func.count()).select_from(BallotEntry)),
        count(db.select(db.func.count()).select_from(Participation)),
    )


def pepper() -> str:
    return current_app.config["PB_CODE_PEPPER"]


def code_row(cycle: Cycle, plain: str) -> codes.Code:
    return codes.find_code(cycle.id, plain, pepper())

"""A demo to click through: a cycle open for voting with one budget of each ballot kind, and
last year's cycle with simulated ballots, counted and published. Built with the same services
as the admin pages, so the demo also exercises them.

Other phases add their own demo data through DEMO_EXTENSIONS: callables
`extension(actor: User, cycles: dict[str, Cycle]) -> list[str]` (lines to print), keyed by the
slugs below. `pb.services.demo_phases.add_demo_phases` is called the same way when it exists.
"""

from __future__ import annotations

import importlib
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from flask import current_app

from pb.extensions import db
from pb.models import Budget, Cycle, User
from pb.services import codes, cycles, tallying, voting
from pb.services.errors import transaction

DEMO_EMAIL = "admin@pb.example"
CURRENT, PAST = "demo-2025", "demo-2024"
DEMO_EXTENSIONS: list[Callable[[User, dict[str, Cycle]], list[str] | None]] = []

CATEGORIES = ("Parks", "Streets", "Culture", "Education", "Sport", "Environment")
CITY_PROJECTS = [
    ("Trees for every school yard", "Plant 300 trees in 40 school yards.", 180_000, "Environment"),
    ("Safe bike lanes on Ring Road", "Separated lanes on 3 km of the ring.", 420_000, "Streets"),
    ("Free summer concerts", "Twelve open-air concerts in the parks.", 90_000, "Culture"),
    ("Library open on Sundays", "Two years of Sunday opening hours.", 150_000, "Education"),
    ("New skate park", "A concrete skate park by the river.", 260_000, "Sport"),
    ("Drinking fountains", "25 fountains in squares and parks.", 75_000, "Parks"),
    (
        "Solar panels on the town hall",
        "Cut the hall's power bill by a third.",
        310_000,
        "Environment",
    ),
    ("Benches and shade", "100 benches with shade sails along walks.", 60_000, "Parks"),
]
DISTRICT_PROJECTS = {
    "North": [
        ("Playground renewal in North Park", "New equipment for ages 2-12.", 80_000, "Parks"),
        ("Crossing at Mill Street", "A raised, lit pedestrian crossing.", 45_000, "Streets"),
        ("Community garden", "Raised beds and a tool shed.", 30_000, "Environment"),
        ("Youth club refurbishment", "Paint, furniture and a music room.", 70_000, "Culture"),
    ],
    "South": [
        ("Football pitch lights", "LED lights for evening games.", 55_000, "Sport"),
        ("Market square trees", "Twelve large trees and planters.", 40_000, "Environment"),
        ("Street art walls", "Four murals by local artists.", 25_000, "Culture"),
        (
            "Reading corner in the clinic",
            "Books and seats for waiting families.",
            15_000,
            "Education",
        ),
    ],
}


@dataclass
class DemoResult:
    created: bool
    email: str
    password: str
    codes: dict[str, list[str]] = field(default_factory=dict)  # label -> plain codes
    lines: list[str] = field(default_factory=list)


def _admin() -> tuple[User, str]:
    """The demo admin, with a fresh random password (printed, so that each run can sign in)."""
    password = secrets.token_urlsafe(9)
    with transaction():
        user = db.session.scalar(db.select(User).filter_by(email=DEMO_EMAIL))
        if user is None:
            user = User(email=DEMO_EMAIL, name="Demo admin", role="admin")
            db.session.add(user)
        user.set_password(password)
    return user, password


def _budget(
    actor: User, cycle: Cycle, name: str, amount: int, items, district: str = "", **kw
) -> Budget:
    budget = cycles.create_budget(
        actor, cycle, name=name, amount=Decimal(amount), district=district, currency="EUR", **kw
    )
    for i, (title, summary, cost, category) in enumerate(items):
        cycles.create_project(
            actor,
            budget,
            title=title,
            summary=summary,
            cost=Decimal(cost),
            category=category,
            description=f"{summary}\n\nProposed by residents during idea collection.",
            position=i,
        )
    return budget


def _current(actor: User) -> Cycle:
    cycle = cycles.create_cycle(
        actor,
        name="Demo City 2025",
        slug=CURRENT,
        languages="en",
        description="Decide how to spend 1.4 million euros on projects proposed by residents.",
    )
    _budget(
        actor,
        cycle,
        "Citywide",
        1_000_000,
        CITY_PROJECTS,
        ballot_kind="knapsack",
        rule="equalshares/add1" if "equalshares/add1" in cycles.usable_rules() else "greedy",
    )
    _budget(
        actor,
        cycle,
        "North district",
        200_000,
        DISTRICT_PROJECTS["North"],
        "North",
        ballot_kind="approval",
        max_picks=2,
        rule="greedy",
    )
    _budget(
        actor,
        cycle,
        "South district",
        120_000,
        DISTRICT_PROJECTS["South"],
        "South",
        ballot_kind="ranked",
        max_picks=3,
        rule="greedy",
    )
    _budget(
        actor,
        cycle,
        "Youth fund",
        100_000,
        CITY_PROJECTS[2:6],
        ballot_kind="cumulative",
        total_points=10,
        max_points_per_project=5,
        rule="greedy",
    )
    cycles.open_voting(actor, cycle)
    return cycle


def _past(actor: User, rng: random.Random, pepper: str) -> Cycle:
    cycle = cycles.create_cycle(
        actor,
        name="Demo City 2024",
        slug=PAST,
        languages="en",
        description="Last year's vote: counted and published.",
    )
    budget = _budget(
        actor, cycle, "Citywide", 800_000, CITY_PROJECTS, ballot_kind="knapsack", rule="greedy"
    )
    cycles.open_voting(actor, cycle)
    _batch, plain = codes.generate_batch(actor, cycle, 150, label="simulated voters", pepper=pepper)
    ids = [str(p.id) for p in budget.projects]
    popularity = {pid: rng.random() for pid in ids}
    vote = voting.load_cycle(cycle.slug)
    prices = {pid: Fraction(c) for pid, c in voting.costs(voting.choices(budget.id)).items()}
    limit = prices and Fraction(800_000)
    for code in plain:
        voter, _budgets = voting.enter_code(vote, code, pepper)
        picked, spent = [], Fraction(0)
        for pid in ids:
            if rng.random() < popularity[pid] and spent + prices[pid] <= limit:
                picked.append(pid)
                spent += prices[pid]
        voting.cast(cycle.slug, voter.id, budget.id, {"project": picked or [ids[0]]})
    cycles.close_voting(actor, cycle)
    tallying.run_count(actor, budget)
    tallying.publish(actor, cycle)
    return cycle


def _extensions() -> list[Callable]:
    found = list(DEMO_EXTENSIONS)
    try:
        module = importlib.import_module("pb.services.demo_phases")
    except ModuleNotFoundError as e:
        if e.name != "pb.services.demo_phases":
            raise
        return found
    hook = getattr(module, "add_demo_phases", None)
    if hook is not None and hook not in found:
        found.append(hook)
    return found


def load_demo(seed: int = 2025) -> DemoResult:
    """Create the demo unless it exists; either way make a few fresh voter codes to print."""
    actor, password = _admin()
    pepper = current_app.config["PB_CODE_PEPPER"]
    existing = db.session.scalar(db.select(Cycle).filter_by(slug=CURRENT))
    result = DemoResult(created=existing is None, email=DEMO_EMAIL, password=password)
    if existing is None:
        current = _current(actor)
        past = _past(actor, random.Random(seed), pepper)
        for extension in _extensions():
            result.lines += extension(actor, {CURRENT: current, PAST: past}) or []
    else:
        current = existing
    if current.current_phase.value == "voting":
        for scope, district, n in (("all", "", 3), ("district", "North", 2)):
            batch, plain = codes.generate_batch(
                actor, current, n, scope=scope, district=district, label="demo codes", pepper=pepper
            )
            who = "every budget" if scope == "all" else f"citywide budgets + {district}"
            result.codes[who] = plain
    return result

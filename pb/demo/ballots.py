"""This year's cycle, open for voting with one budget of each ballot kind, and last year's,
with simulated ballots, counted and published. Built with the same services as the admin
pages, so the demo exercises them too."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from pb.demo.data import CITY_PROJECTS, DISTRICT_PROJECTS
from pb.domain.voter_questions import FIXED
from pb.extensions import db
from pb.models import Budget, Cycle, User
from pb.services import codes, counting_keys, cycles, open_data_settings, opening, tallying, voting

CURRENT, PAST = "demo-2025", "demo-2024"


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


def current_cycle(actor: User, key_dir: Path) -> Cycle:
    cycle = cycles.create_cycle(
        actor,
        name="Demo City 2025",
        slug=CURRENT,
        description="Decide how to spend 1.4 million euros on projects proposed by residents.",
        time_zone="Europe/Warsaw",
        languages="en",
        default_language="en",
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
        # Above the dearest of its projects (the skate park, 260,000): each can win.
        300_000,
        CITY_PROJECTS[2:6],
        ballot_kind="cumulative",
        total_points=10,
        max_points_per_project=5,
        rule="greedy",
    )
    cycles.open_voting(actor, cycle, key_dir)
    # Spanish and Polish come after opening: the demo translates the cycle, its budgets and a few
    # projects (pb/demo/languages.py), and the rest shows in English, which the checklist would
    # otherwise (rightly) refuse to open with.
    cycle.languages = "en,es,pl"
    db.session.commit()
    return cycle


def _answers(rng: random.Random) -> dict[str, str]:
    """A simulated voter's answers: most answer, some skip a question."""
    answers = {}
    for key in ("age", "sex", "first_time"):
        if rng.random() < 0.8:
            answers[key] = rng.choice(FIXED[key].options)[0]
    return answers


def past_cycle(actor: User, rng: random.Random, pepper: str, key_dir: Path) -> Cycle:
    """Last year's vote: simulated voters cast sealed ballots, then the count opens them, as a
    real count does."""
    cycle = cycles.create_cycle(
        actor,
        name="Demo City 2024",
        slug=PAST,
        description="Last year's vote: counted and published.",
        time_zone="Europe/Warsaw",
    )
    budget = _budget(
        actor, cycle, "Citywide", 800_000, CITY_PROJECTS, ballot_kind="knapsack", rule="greedy"
    )
    # The published vote's open data shows voter attributes, merged and suppressed for k = 10.
    open_data_settings.update_settings(
        actor,
        cycle,
        country="Worldwide",
        unit="Demo City",
        language="en",
        licence="CC-BY-4.0",
        export_k=10,
        questions=["age", "sex", "first_time"],
    )
    cycles.open_voting(actor, cycle, key_dir)
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
        voting.cast(
            cycle.slug,
            voter.id,
            budget.id,
            {"project": picked or [ids[0]]},
            channel=rng.choices(("online", "paper", "kiosk"), (7, 2, 1))[0],
            answers=_answers(rng),
        )
    cycles.close_voting(actor, cycle)
    opening.open_envelopes(actor, cycle, counting_keys.private_key(cycle, key_dir))
    counting_keys.destroy_server_key(cycle, key_dir)
    tallying.run_count(actor, budget)
    tallying.publish(actor, cycle)
    return cycle

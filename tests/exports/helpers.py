"""Published cycles of every ballot kind with real sealed ballots, for the export tests."""

from __future__ import annotations

import contextlib
import io
import random

from pb.domain.ballots import get_kind
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import Budget, Cycle
from pb.services import tallying, voting
from pb.services.cycles import usable_rules
from tests.factories import make_budget, make_codes, make_cycle, open_ballots, pepper

# kind -> (settings, every rule the platform offers for it: services.cycles.usable_rules)
SETTINGS = {
    "approval": {"max_picks": 3},
    "knapsack": {},
    "ranked": {"max_picks": 3},
    "cumulative": {"total_points": 10, "max_points_per_project": 6},
}
KINDS = {
    kind: (
        settings,
        tuple(n for n, r in usable_rules().items() if r.supports(get_kind(kind).vote_type)),
    )
    for kind, settings in SETTINGS.items()
}
PLAIN_CODES: dict[str, list[str]] = {}  # slug -> the codes that voted
COSTS = (400, 300, 250, 200, 150, 100)


def form_for(kind: str, budget: Budget, rng: random.Random) -> dict:
    ids = [str(p.id) for p in budget.projects]
    if kind == "approval":
        return {"project": rng.sample(ids, rng.randint(1, 3))}
    if kind == "knapsack":
        chosen, spent = [], 0
        for p in rng.sample(list(budget.projects), len(ids)):
            if spent + p.cost <= budget.amount and rng.random() < 0.6:
                chosen.append(str(p.id))
                spent += p.cost
        return {"project": chosen or [str(budget.projects[-1].id)]}
    if kind == "ranked":
        picked = rng.sample(ids, rng.randint(1, 3))
        return {f"rank-{pid}": [str(i + 1)] for i, pid in enumerate(picked)}
    left, form = 10, {}
    for pid in rng.sample(ids, rng.randint(1, 3)):
        give = rng.randint(1, min(6, left)) if left else 0
        if give:
            form[f"points-{pid}"] = [str(give)]
            left -= give
    return form


def published_cycle(
    kind: str, rule: str = "greedy", n: int = 30, seed: int = 1, **cycle_kw
) -> Cycle:
    rng = random.Random(seed)
    cycle = make_cycle(f"{kind}-{rule.replace('/', '-')}-{seed}", Phase.VOTING)
    for key, value in cycle_kw.items():
        setattr(cycle, key, value)
    settings, _rules = KINDS[kind]
    budget = make_budget(cycle, kind, amount=800, costs=COSTS, rule=rule, **settings)
    if rule == "greedy-threshold":
        budget.min_score = 1  # the rule's required setting; low enough to fund something
    codes = make_codes(cycle, n)
    for code in codes:
        row, _ = voting.enter_code(voting.load_cycle(cycle.slug), code, pepper())
        voting.cast(cycle.slug, row.id, budget.id, form_for(kind, budget, rng))
    PLAIN_CODES[cycle.slug] = codes
    open_ballots(cycle)
    for b in cycle.budgets:
        tallying.run_count(None, b)
    tallying.publish(None, cycle)
    db.session.commit()
    return cycle


def check_pabulib(text: str) -> dict:
    """pabulib-checker's errors for one file's text ({} when it finds none)."""
    from pabulib.checker import Checker

    with contextlib.redirect_stdout(io.StringIO()):
        results = Checker().process_files([text])
    found = {k: v for k, v in results.items() if k not in ("metadata", "summary")}
    (only,) = found.values()
    return only["results"].get("errors", {})

"""Maximum utilitarian welfare with cost utilities (pabutools' `max_additive_utilitarian_welfare`
with `Cost_Sat`): fund the set of projects, within the budget, that maximises
sum(score x cost) over funded projects, i.e. the money spent on what each voter asked for,
added up over all voters (for point ballots a point counts as a vote).

Exact: an integer 0/1 knapsack solved by depth-first branch and bound with the Dantzig (LP)
bound, all in Python integers (costs scaled by the common denominator), so no solver tolerance
can pick a suboptimal or over-budget set.

Ties between optimal sets are resolved lexicographically by the tie-break: an optimal set
containing the tie-break's first project is preferred, then the second, and so on. This is made
exact by adding to each project's welfare (scaled by 2**m) a bonus of 2**(m - 1 - rank) that is
always worth less than one unit of welfare. The same search with the bonus subtracted finds the
lexicographically last optimal set: the two differ exactly when several optimal sets exist,
which is what `tie_decided` reports. Projects with no votes add no welfare and are never funded;
free projects with votes are always funded. (pabutools' primal-dual search resolves such ties by
its internal order, which follows set iteration and can vary between runs.)
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_right
from fractions import Fraction
from itertools import accumulate

from pb.domain.election import Election
from pb.domain.tally.outcome import Outcome, names, tie_break_words, votes
from pb.domain.tally.scores import project_scores, score_word
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text


def max_welfare(election: Election, tie_break: TieBreak, **options) -> Outcome:
    projects = election.projects
    scores = project_scores(election)
    rank = tie_break.rank(election, scores)
    budget = election.budget
    free = [i for i, p in enumerate(projects) if p.cost == 0 and scores[i] > 0]
    items = [i for i, p in enumerate(projects) if 0 < p.cost <= budget and scores[i] > 0]
    scale = math.lcm(budget.denominator, *(projects[i].cost.denominator for i in items))
    cost = {i: int(projects[i].cost * scale) for i in items}
    welfare = {i: int(scores[i]) * cost[i] for i in items}
    by_rank = sorted(items, key=lambda i: rank[i])
    m = len(items)
    capacity = int(budget * scale)

    def solve(sign: int) -> set[int]:
        value = {i: (welfare[i] << m) + sign * (1 << (m - 1 - r)) for r, i in enumerate(by_rank)}
        return _knapsack([(value[i], cost[i], i) for i in items], capacity)

    best, other = solve(+1), solve(-1)
    if other != best:
        ids = sorted(
            (projects[i].id for i in best ^ other),
            key=lambda pid: rank[election.project_index[pid]],
        )
        context = "as several sets of projects give voters the same highest total satisfaction"
        if tie_break.refuses:
            raise TieUnresolved(ids, context)
        ties: tuple[Text, ...] = (
            Text(
                N_(
                    "%(projects)s are interchangeable: several sets of projects give voters the "
                    "same highest total. The tie-break (%(tie_break)s) chose which."
                ),
                {
                    "projects": names(projects, [election.project_index[pid] for pid in ids]),
                    "tie_break": tie_break_words(tie_break.name),
                },
            ),
        )
    else:
        ties = ()
    chosen = [i for i in range(len(projects)) if i in best or i in free]
    spent = sum((projects[i].cost for i in chosen), Fraction(0))
    word = score_word(election)
    why: dict[str, Text] = {}
    for i, p in enumerate(projects):
        values = {"votes": votes(int(scores[i]), word), "cost": Money(p.cost)}
        if i in best or i in free:
            why[p.id] = Text(
                N_(
                    "Funded (%(votes)s, cost %(cost)s): it belongs to the set of projects that "
                    "gives voters the most in total within the budget (for each voter, the money "
                    "spent on projects they voted for)."
                ),
                values,
            )
        elif scores[i] == 0:
            why[p.id] = Text(N_("Not funded: no votes."))
        elif p.cost > budget:
            why[p.id] = Text(
                N_("Not considered: it costs %(cost)s, more than the whole budget of %(budget)s."),
                {"cost": Money(p.cost), "budget": Money(budget)},
            )
        else:
            why[p.id] = Text(
                N_(
                    "Not funded (%(votes)s, cost %(cost)s): every set of projects that includes "
                    "it and fits the budget gives voters less in total than the funded set."
                ),
                values,
            )
    return Outcome(
        rule="max-welfare",
        tie_break=tie_break.name,
        budget=budget,
        selected=tuple(projects[i].id for i in chosen),
        spent=spent,
        scores={p.id: Fraction(int(s)) for p, s in zip(projects, scores, strict=True)},
        explanations=why,
        tie_decided=bool(ties),
        ties=ties,
    )


def _knapsack(items: list[tuple[int, int, int]], capacity: int) -> set[int]:
    """Exact 0/1 knapsack: the keys of the items (value, cost, key) of maximum total value with
    total cost <= capacity. All values and costs are positive integers."""
    items = sorted(items, key=lambda t: Fraction(t[0], t[1]), reverse=True)
    values = [v for v, _, _ in items]
    costs = [c for _, c, _ in items]
    pre_c = [0, *accumulate(costs)]
    pre_v = [0, *accumulate(values)]
    n = len(items)
    best_value = -1
    best_take: list[bool] = []
    take = [False] * n

    def bound_exceeds(i: int, cap: int, value: int) -> bool:
        # Dantzig bound: fill items i.. in density order, the first that does not fit fractionally.
        j = bisect_right(pre_c, pre_c[i] + cap) - 1
        full = value + pre_v[j] - pre_v[i]
        if j >= n:
            return full > best_value
        rest = cap - (pre_c[j] - pre_c[i])
        return (full - best_value) * costs[j] + rest * values[j] > 0

    def search(i: int, cap: int, value: int) -> None:
        nonlocal best_value, best_take
        if value > best_value:
            best_value, best_take = value, take[:i] + [False] * (n - i)
        if i == n or not bound_exceeds(i, cap, value):
            return
        if costs[i] <= cap:
            take[i] = True
            search(i + 1, cap - costs[i], value + values[i])
            take[i] = False
        search(i + 1, cap, value)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, n + 100))
    try:
        search(0, capacity, 0)
    finally:
        sys.setrecursionlimit(limit)
    return {key for (_, _, key), t in zip(items, best_take, strict=True) if t}

"""The Method of Equal Shares completed by greedy: pabutools' `completion_by_rule_combination`
with `method_of_equal_shares` (Cost_Sat, optionally `voter_budget_increment=1`) and then
`greedy_utilitarian_welfare` (Cost_Sat) from MES's outcome.

With cost utilities greedy's density (total satisfaction over cost) is the number of supporters,
so the completion goes down the vote count (tie-break as in greedy) and funds every project that
still fits in the money MES left; projects costing 0 fit always and are funded here.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.greedy import _tie_matters
from pb.domain.tally.mes import equal_shares
from pb.domain.tally.outcome import Outcome, count, id_list, money
from pb.domain.tally.scores import project_scores, score_word
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved


def equal_shares_then_greedy(election: Election, tie_break: TieBreak, *, add1: bool) -> Outcome:
    first = equal_shares(election, tie_break, utility="cost", add1=add1)
    projects = election.projects
    scores = project_scores(election)
    rank = tie_break.rank(election, scores)
    order = [
        i for i in np.lexsort((rank, -scores)).tolist() if projects[i].id not in first.selected
    ]
    word = score_word(election)
    left = election.budget - first.spent
    selected = list(first.selected)
    why = dict(first.explanations)
    ties = list(first.ties)
    decided = first.tie_decided
    k = 0
    while k < len(order):
        end = k
        while end < len(order) and scores[order[end]] == scores[order[k]]:
            end += 1
        group = order[k:end]
        if len(group) > 1 and _tie_matters(projects, group, left, skip=True):
            ids = [projects[i].id for i in group]
            context = (
                f"in the greedy completion with {count(int(scores[group[0]]), word)} each, when "
                f"{money(left)} was left, not enough for all of them"
            )
            if tie_break.refuses:
                raise TieUnresolved(ids, context)
            decided = True
            ties.append(
                f"Projects {id_list(ids)} tied {context}; the tie-break "
                f"({tie_break.description}) put {ids[0]} first."
            )
        for i in group:
            p = projects[i]
            votes = count(int(scores[i]), word)
            if p.cost <= left:
                why[p.id] = (
                    f"Funded after the Method of Equal Shares, by greedy: {votes}; cost "
                    f"{money(p.cost)} fit in the {money(left)} left."
                )
                selected.append(p.id)
                left -= p.cost
            else:
                why[p.id] += (
                    f" Greedy then filled the leftover money by votes; its cost {money(p.cost)} "
                    f"was more than the {money(left)} left at its turn."
                )
        k = end
    return replace(
        first,
        rule=first.rule + "/greedy",
        selected=tuple(selected),
        spent=election.budget - left,
        explanations=why,
        tie_decided=decided,
        ties=tuple(ties),
        scores={p.id: Fraction(int(s)) for p, s in zip(projects, scores, strict=True)},
    )

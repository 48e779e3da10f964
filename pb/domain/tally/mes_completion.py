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
from pb.domain.tally.outcome import Outcome, count, money, names, tie_break_words, votes
from pb.domain.tally.scores import project_scores, score_word
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text


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
                Text(
                    N_(
                        "After the Method of Equal Shares, %(projects)s tied with %(votes)s each, "
                        "when %(left)s was left, not enough for all of them. The tie-break "
                        "(%(tie_break)s) put %(chosen)s first."
                    ),
                    {
                        "projects": names(projects, group),
                        "votes": votes(int(scores[group[0]]), word),
                        "left": Money(left),
                        "tie_break": tie_break_words(tie_break.name),
                        "chosen": names(projects, group[:1]),
                    },
                )
            )
        for i in group:
            p = projects[i]
            values = {
                "votes": votes(int(scores[i]), word),
                "cost": Money(p.cost),
                "left": Money(left),
            }
            if p.cost <= left:
                why[p.id] = Text(
                    N_(
                        "Funded after the Method of Equal Shares, with the money it left, by "
                        "votes (%(votes)s): its cost of %(cost)s fit in the %(left)s left."
                    ),
                    values,
                )
                selected.append(p.id)
                left -= p.cost
            else:
                why[p.id] = Text(
                    N_(
                        "%(first)s Then the money left was given out by votes (%(votes)s); its "
                        "cost of %(cost)s was more than the %(left)s left at its turn."
                    ),
                    {"first": why[p.id], **values},
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

"""The Method of Equal Shares completed by greedy: pabutools' `completion_by_rule_combination`
with `method_of_equal_shares` (one satisfaction class, optionally `voter_budget_increment=1`)
and then `greedy_utilitarian_welfare` with the same satisfaction class, from MES's outcome.

Greedy funds, among the projects that still fit, the one with the highest total satisfaction
per unit of cost. With additive utilities (cost, points, Borda) that density is fixed per
project, so one pass down the list does it:
- cost: total satisfaction n x cost over cost, the number of supporters;
- points, Borda: the points (Borda scores) it got in all, over its cost.
A project worth 0 to everyone has density 0 and still gets funded when it fits; a positive one
costing 0 comes first. With the square root or logarithm of cost (pabutools' `Cost_Sqrt_Sat`
and `Cost_Log_Sat`, functions of the total cost of a voter's funded projects) the gain depends on
what each voter already has: that greedy lives in mes_completion_concave.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.greedy import _tie_matters
from pb.domain.tally.mes import equal_shares
from pb.domain.tally.mes_ballots import entry_utilities
from pb.domain.tally.mes_completion_concave import CONCAVE, complete_concave
from pb.domain.tally.outcome import Outcome, count, id_list, money, names, tie_break_words, votes
from pb.domain.tally.scores import project_scores, score_word
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text

# What a project's total satisfaction is counted in, for the explanations.
_UNIT = {"points": N_("points"), "borda": N_("Borda points")}


def equal_shares_then_greedy(
    election: Election, tie_break: TieBreak, *, utility: str = "cost", add1: bool
) -> Outcome:
    first = equal_shares(election, tie_break, utility=utility, add1=add1)
    if utility in CONCAVE:
        return complete_concave(election, tie_break, first, utility)
    return _complete_additive(election, tie_break, first, utility)


def _densities(
    election: Election, utility: str, scores: np.ndarray
) -> tuple[list[Fraction], list[tuple[int, Fraction]]]:
    """Per project its total satisfaction, and (infinite?, density) as pabutools' additive
    greedy ranks them."""
    if utility == "cost":
        totals = [int(s) * p.cost for p, s in zip(election.projects, scores, strict=True)]
    else:
        per_entry = entry_utilities(election, utility)
        sums = np.zeros(len(election.projects), dtype=np.int64)
        np.add.at(sums, election.profile.items, per_entry)
        totals = [Fraction(int(x)) for x in sums]
    out = []
    for p, total in zip(election.projects, totals, strict=True):
        if total <= 0:
            out.append((0, Fraction(0)))
        elif p.cost == 0:
            out.append((1, Fraction(0)))
        else:
            out.append((0, total / p.cost))
    return totals, out


def _complete_additive(
    election: Election, tie_break: TieBreak, first: Outcome, utility: str
) -> Outcome:
    projects = election.projects
    scores = project_scores(election)
    rank = tie_break.rank(election, scores)
    totals, density = _densities(election, utility, scores)
    chosen = set(first.selected)
    order = sorted(
        (i for i, p in enumerate(projects) if p.id not in chosen),
        key=lambda i: (-density[i][0], -density[i][1], int(rank[i])),
    )
    word = score_word(election)
    left = election.budget - first.spent
    selected = list(first.selected)
    why = dict(first.explanations)
    ties = list(first.ties)
    decided = first.tie_decided
    k = 0
    while k < len(order):
        end = k
        while end < len(order) and density[order[end]] == density[order[k]]:
            end += 1
        group = order[k:end]
        if len(group) > 1 and _tie_matters(projects, group, left, skip=True):
            ids = [projects[i].id for i in group]
            if utility == "cost":
                each = f"with {count(int(scores[group[0]]), word)} each"
            else:
                each = f"with as many {_UNIT[utility]} per unit of cost"
            context = (
                f"in the greedy completion {each}, when {money(left)} was left, not enough for "
                f"all of them"
            )
            if tie_break.refuses:
                raise TieUnresolved(ids, context)
            decided = True
            if utility == "cost":
                ties.append(
                    Text(
                        N_(
                            "After the Method of Equal Shares, %(projects)s tied with %(votes)s "
                            "each, when %(left)s was left, not enough for all of them. The "
                            "tie-break (%(tie_break)s) put %(chosen)s first."
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
            else:  # the newer utilities' words are English only for now
                ties.append(
                    f"Projects {id_list(ids)} tied {context}; the tie-break "
                    f"({tie_break.description}) put {ids[0]} first."
                )
        for i in group:
            p = projects[i]
            if utility == "cost":
                _explain_by_votes(why, p, votes(int(scores[i]), word), left)
                if p.cost <= left:
                    selected.append(p.id)
                    left -= p.cost
                continue
            values = {
                "total": totals[i],
                "unit": Text(_UNIT[utility]),
                "cost": Money(p.cost),
                "left": Money(left),
            }
            if p.cost <= left:
                why[p.id] = Text(
                    N_(
                        "Funded after the Method of Equal Shares, by greedy: %(unit)s in all: "
                        "%(total)s; cost %(cost)s fit in the %(left)s left."
                    ),
                    values,
                )
                selected.append(p.id)
                left -= p.cost
            else:
                why[p.id] = Text(
                    N_(
                        "%(first)s Greedy then filled the leftover money by %(unit)s per unit of "
                        "cost; its cost %(cost)s was more than the %(left)s left at its turn."
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


def _explain_by_votes(why: dict, p, counted: Text, left: Fraction) -> None:
    values = {"votes": counted, "cost": Money(p.cost), "left": Money(left)}
    if p.cost <= left:
        why[p.id] = Text(
            N_(
                "Funded after the Method of Equal Shares, with the money it left, by "
                "votes (%(votes)s): its cost of %(cost)s fit in the %(left)s left."
            ),
            values,
        )
    else:
        why[p.id] = Text(
            N_(
                "%(first)s Then the money left was given out by votes (%(votes)s); its "
                "cost of %(cost)s was more than the %(left)s left at its turn."
            ),
            {"first": why[p.id], **values},
        )

"""Greedy completion after MES when a voter's satisfaction is the square root (pabutools'
`Cost_Sqrt_Sat`) or the logarithm of 1 + (`Cost_Log_Sat`) the total cost of their funded
projects.

Those measures are not additive, so pabutools' `greedy_utilitarian_welfare` runs its general
scheme: each round, among the projects that still fit, fund the one whose total gain in
satisfaction (over every voter, with MES's projects already counted) divided by its cost is
highest; a project costing 0 has an infinite ratio, ties go to the tie-break order. A voter who
has C and supports a project costing c gains f(C + c) - f(C).

pabutools computes f(x) as the float64 numpy gives for sqrt(float(x)) (log(float(1 + x))) and
then works with that float's exact rational value; so do we. Floats choose among the projects;
those within a relative 1e-9 of the best are compared exactly, as sums of those rationals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.greedy import _tie_matters
from pb.domain.tally.mes_ballots import SupportTable, support_table
from pb.domain.tally.outcome import Outcome, money, names, tie_break_words
from pb.domain.tally.scores import project_scores
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text

CONCAVE = ("cost-sqrt", "cost-log")
_WHAT = {
    "cost-sqrt": N_("the square root of the money spent on the projects they voted for"),
    "cost-log": N_("the logarithm of the money spent on the projects they voted for"),
}
_CLOSE = 1e-9


def _f_float(utility: str, x: np.ndarray) -> np.ndarray:
    return np.sqrt(x) if utility == "cost-sqrt" else np.log(1.0 + x)


@dataclass
class _Exact:
    utility: str
    cache: dict[Fraction, Fraction] = field(default_factory=dict)

    def __call__(self, x: Fraction) -> Fraction:
        value = self.cache.get(x)
        if value is None:
            if self.utility == "cost-sqrt":
                value = Fraction(float(np.sqrt(float(x))))
            else:
                value = Fraction(float(np.log(float(1 + x))))
            self.cache[x] = value
        return value


@dataclass
class _Run:
    sequence: list[int]
    ties: list[tuple[int, list[int], bool]]  # (round, tied projects, all worth nothing)
    left_when_dropped: dict[int, Fraction]
    gains: dict[int, bool]  # funded project -> did it add anything
    left_at_pick: dict[int, Fraction]


def _run(
    election: Election,
    table: SupportTable,
    start: list[int],
    rank: np.ndarray,
    utility: str,
    exact: _Exact,
    force: dict[int, int],
) -> _Run:
    projects = election.projects
    cost_q = [p.cost for p in projects]
    cost_f = np.array([float(c) for c in cost_q])
    have_q: list[Fraction] = [Fraction(0)] * table.num_rows
    have_f = np.zeros(table.num_rows)
    weights = table.weights

    def fund(j: int) -> None:
        rows = table.supporters[j]
        have_f[rows] += cost_f[j]
        for r in rows.tolist():
            have_q[r] += cost_q[j]

    for j in start:
        fund(j)
    left = election.budget - sum((cost_q[j] for j in start), Fraction(0))
    chosen = set(start)
    open_ = sorted((j for j in range(len(projects)) if j not in chosen), key=lambda j: rank[j])
    out = _Run([], [], {}, {}, {})
    r = 0
    while True:
        for j in open_:
            if cost_q[j] > left:
                out.left_when_dropped[j] = left
        open_ = [j for j in open_ if cost_q[j] <= left]
        if not open_:
            return out
        free = [j for j in open_ if cost_q[j] == 0]
        worthless = False
        if free:
            tied = free  # all of them are funded in turn, whichever goes first
        else:
            gain_f = np.array(
                [
                    weights[table.supporters[j]]
                    @ (
                        _f_float(utility, have_f[table.supporters[j]] + cost_f[j])
                        - _f_float(utility, have_f[table.supporters[j]])
                    )
                    if len(table.supporters[j])
                    else 0.0
                    for j in open_
                ]
            )
            dens_f = gain_f / cost_f[open_]
            best_f = dens_f.max()
            if best_f <= 0:
                tied, worthless = list(open_), True
            else:
                near = [j for j, d in zip(open_, dens_f, strict=True) if d >= best_f * (1 - _CLOSE)]
                dens_q = {j: _gain(table, have_q, j, cost_q[j], exact) / cost_q[j] for j in near}
                top = max(dens_q.values())
                tied = [j for j in near if dens_q[j] == top]
        pick = force.get(r, tied[0])
        if len(tied) > 1 and not free:
            out.ties.append((r, tied, worthless))
        out.sequence.append(pick)
        out.gains[pick] = not (free or worthless)
        out.left_at_pick[pick] = left
        fund(pick)
        left -= cost_q[pick]
        open_.remove(pick)
        r += 1


def _gain(table: SupportTable, have_q: list[Fraction], j: int, c: Fraction, f: _Exact) -> Fraction:
    by_have: dict[Fraction, int] = defaultdict(int)
    rows = table.supporters[j]
    for row, w in zip(rows.tolist(), table.weights[rows].tolist(), strict=True):
        by_have[have_q[row]] += w
    return sum((w * (f(h + c) - f(h)) for h, w in by_have.items()), Fraction(0))


def complete_concave(
    election: Election, tie_break: TieBreak, first: Outcome, utility: str
) -> Outcome:
    projects = election.projects
    index = {p.id: j for j, p in enumerate(projects)}
    start = [index[pid] for pid in first.selected]
    rank = tie_break.rank(election, project_scores(election))
    table = support_table(election)
    exact = _Exact(utility)
    run = _run(election, table, start, rank, utility, exact, {})
    final = set(run.sequence)
    ties = list(first.ties)
    decided = first.tie_decided
    for r, tied, worthless in run.ties:
        ids = [projects[j].id for j in tied]
        left = run.left_at_pick[run.sequence[r]]
        if worthless:
            # Nothing left adds to anyone's satisfaction: plain greedy by the tie-break order.
            changes = _tie_matters(projects, tied, left, skip=True)
        else:
            changes = any(
                set(_run(election, table, start, rank, utility, exact, {r: alt}).sequence) != final
                for alt in tied[1:]
            )
        context = (
            f"in round {r + 1} of the greedy completion, adding as much satisfaction per unit "
            f"of cost, when {money(left)} was left"
        )
        if changes and tie_break.refuses:
            raise TieUnresolved(ids, context)
        decided |= changes
        ties.append(
            Text(
                N_(
                    "In round %(round)s of the greedy completion, when %(left)s was left, "
                    "%(projects)s added as much satisfaction per unit of cost. The tie-break "
                    "(%(tie_break)s) put %(chosen)s first, which changed which projects are funded."
                )
                if changes
                else N_(
                    "In round %(round)s of the greedy completion, when %(left)s was left, "
                    "%(projects)s added as much satisfaction per unit of cost. The tie-break "
                    "(%(tie_break)s) put %(chosen)s first, which did not change the outcome."
                ),
                {
                    "round": r + 1,
                    "left": Money(left),
                    "projects": names(projects, tied),
                    "tie_break": tie_break_words(tie_break.name),
                    "chosen": names(projects, tied[:1]),
                },
            )
        )
    why = dict(first.explanations)
    for j in run.sequence:
        p, left = projects[j], run.left_at_pick[j]
        values = {"cost": Money(p.cost), "left": Money(left)}
        if run.gains[j]:
            template = N_(
                "Funded after the Method of Equal Shares, by greedy: of the projects that still "
                "fit, it added the most to its supporters' satisfaction (%(what)s) for its cost; "
                "cost %(cost)s, %(left)s left."
            )
            values["what"] = Text(_WHAT[utility])
        elif p.cost == 0:
            template = N_(
                "Funded after the Method of Equal Shares, by greedy: it costs nothing; cost "
                "%(cost)s, %(left)s left."
            )
        else:
            template = N_(
                "Funded after the Method of Equal Shares, by greedy: it adds nothing to any "
                "voter's satisfaction, but it still fit; cost %(cost)s, %(left)s left."
            )
        why[p.id] = Text(template, values)
    for j, left in run.left_when_dropped.items():
        p = projects[j]
        why[p.id] = Text(
            N_(
                "%(first)s Greedy then filled the leftover money; its cost %(cost)s was more "
                "than the %(left)s left by then."
            ),
            {"first": why[p.id], "cost": Money(p.cost), "left": Money(left)},
        )
    spent = first.spent + sum((projects[j].cost for j in run.sequence), Fraction(0))
    return replace(
        first,
        rule=first.rule + "/greedy",
        selected=tuple(first.selected) + tuple(projects[j].id for j in run.sequence),
        spent=spent,
        explanations=why,
        tie_decided=decided,
        ties=tuple(ties),
    )

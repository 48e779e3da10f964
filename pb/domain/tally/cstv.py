"""Cumulative Support Transfer Voting (CSTV), as pabutools' `cstv` with the combinations EWT
(`CSTV_Combination.EWT`) and EWTC (`CSTV_Combination.EWTC`).

Voters are donors: each ballot's points become money, the budget split equally among the
ballots that give points, and within a ballot in proportion to its points. (pabutools takes the
points as the money itself and refuses ballots of different totals; with ballots scaled this way
both agree.) Then, round after round:
- a project is eligible when its donations reach its cost; among eligible ones, fund the one with
  the largest excess (EWT) or the largest donations per unit of cost (EWTC). Its donors pay
  in proportion to what they gave; when the excess is more than 0.01, each donor's part of it
  goes to their other projects in proportion to what they gave them (a donor with no other
  project loses it);
- when nothing is eligible, eliminate the project with the least donations minus cost and move
  its donations to each donor's other projects in the same way (a donor with no other project
  keeps it on the eliminated one);
- when every project is funded or eliminated, go through the eliminated projects and fund each
  that fits in the money the donors still hold ("reverse eliminations").

Where pabutools leaves an order to Python's set iteration (which differs between processes), pb
uses the tie-break: of projects tied for elimination, the one the tie-break ranks last goes;
the eliminated projects are reconsidered last-eliminated first. Ties for funding go to the
tie-break, as in pabutools. Every tie met is reported as possibly deciding the outcome (not
weighed by rerunning), and the `refuse` tie-break refuses each.

Each donor's gifts stay proportional to their points on the projects still open, times one
factor per ballot; so a ballot is a weight, its points and that factor. Sums are screened in
float64 and decided exactly (Fractions) when within a relative 1e-9.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.mes_ballots import entry_utilities, weighted_table
from pb.domain.tally.outcome import Outcome, names, tie_break_words
from pb.domain.tally.scores import project_scores
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text

COMBINATIONS = ("ewt", "ewtc")
_CLOSE = 1e-9
_EXCESS_KEPT = Fraction(0.01)  # pabutools compares the excess with the float 0.01


@dataclass
class _Log:
    funded: list[tuple[int, Fraction, Fraction]] = field(default_factory=list)  # j, given, excess
    eliminated: list[tuple[int, Fraction]] = field(default_factory=list)  # j, donations then
    late: list[tuple[int, Fraction]] = field(default_factory=list)  # j, money left before
    passed: dict[int, Fraction] = field(default_factory=dict)  # j -> money left at its turn
    ties: list[tuple[str, list[int]]] = field(default_factory=list)


class _Donors:
    def __init__(self, election: Election):
        points = entry_utilities(election, "points")
        table = weighted_table(election, points)
        self.rows = table.supporters  # per project: rows giving it points
        self.points = table.support_utils  # per project: those points (int64)
        self.weights = table.weights
        n_rows = table.num_rows
        total = np.zeros(n_rows, dtype=np.int64)
        for rows, pts in zip(self.rows, self.points, strict=True):
            np.add.at(total, rows, pts)
        self.alive_points = total  # points still on open projects (or stuck), per row
        donors = int(self.weights.sum())
        share = election.budget / donors if donors else Fraction(0)
        # Money per point, per row.
        self.f: list[Fraction] = [share / int(t) for t in total.tolist()]
        self.f_f = np.array([float(x) for x in self.f], dtype=np.float64)

    def given_f(self, j: int) -> float:
        rows = self.rows[j]
        return float((self.weights[rows] * self.f_f[rows]) @ self.points[j])

    def given(self, j: int) -> Fraction:
        f, w = self.f, self.weights
        return sum(
            (
                f[r] * (int(w[r]) * int(x))
                for r, x in zip(self.rows[j].tolist(), self.points[j].tolist(), strict=True)
            ),
            Fraction(0),
        )

    def money(self) -> Fraction:
        return sum(
            (
                f * (int(w) * int(a))
                for f, w, a in zip(self.f, self.weights, self.alive_points, strict=True)
            ),
            Fraction(0),
        )

    def move_away(self, j: int, kept: Fraction, eliminated: bool) -> None:
        """Project j closes; each donor's gift to it, times `kept` (1 - gamma for a funded
        project, 1 for an eliminated one), goes to their other projects. A donor with no other
        project loses it when j is funded and keeps it on j when j is eliminated."""
        for r, x in zip(self.rows[j].tolist(), self.points[j].tolist(), strict=True):
            a = int(self.alive_points[r])
            other = a - x
            if other == 0:
                if not eliminated:
                    self.alive_points[r] = 0
                continue
            if kept:
                self.f[r] = self.f[r] * (other + x * kept) / other
                self.f_f[r] = float(self.f[r])
            self.alive_points[r] = other


def cstv(election: Election, tie_break: TieBreak, *, combination: str = "ewt") -> Outcome:
    projects = election.projects
    scores = project_scores(election)
    rank = tie_break.rank(election, scores)
    donors = _Donors(election)
    cost = [p.cost for p in projects]
    cost_f = [float(c) for c in cost]
    open_ = sorted(range(len(projects)), key=lambda j: rank[j])
    log = _Log()
    ratio = combination == "ewtc"

    def merit_f(j: int, by_ratio: bool) -> float:
        g = donors.given_f(j)
        if by_ratio:
            return g / cost_f[j] if cost_f[j] else float("inf")
        return g - cost_f[j]

    def merit(j: int, by_ratio: bool) -> Fraction | float:
        g = donors.given(j)
        if by_ratio:
            return g / cost[j] if cost[j] else float("inf")
        return g - cost[j]

    def extreme(cands: list[int], best: bool) -> list[int]:
        """The projects to fund (best: largest excess, or ratio for EWTC) or to eliminate
        (smallest excess, for both), in tie-break order."""
        by_ratio = ratio and best
        values = {j: merit_f(j, by_ratio) for j in cands}
        target = max(values.values()) if best else min(values.values())
        near = [j for j in cands if _close(values[j], target)]
        if len(near) == 1:
            return near
        exact = {j: merit(j, by_ratio) for j in near}
        target_q = max(exact.values()) if best else min(exact.values())
        return [j for j in near if exact[j] == target_q]

    def eligible() -> list[int]:
        out = []
        for j in open_:
            g = donors.given_f(j)
            if _close(g, cost_f[j]):
                if donors.given(j) >= cost[j]:
                    out.append(j)
            elif g > cost_f[j]:
                out.append(j)
        return out

    while open_:
        elig = eligible()
        while not elig and open_:
            if len(open_) == 1:
                j = open_.pop()
                log.eliminated.append((j, donors.given(j)))
                break
            tied = extreme(open_, best=False)
            if len(tied) > 1:
                log.ties.append(("eliminate", tied))
            j = tied[-1]
            log.eliminated.append((j, donors.given(j)))
            donors.move_away(j, Fraction(1), eliminated=True)
            open_.remove(j)
            elig = eligible()
        if not elig:
            break
        tied = extreme(elig, best=True)
        if len(tied) > 1:
            log.ties.append(("fund", tied))
        j = tied[0]
        given = donors.given(j)
        excess = given - cost[j]
        if excess > _EXCESS_KEPT:
            donors.move_away(j, 1 - cost[j] / given, eliminated=False)
        else:
            donors.move_away(j, Fraction(0), eliminated=False)
        log.funded.append((j, given, excess))
        open_.remove(j)

    left = donors.money()
    for j, _ in reversed(log.eliminated):
        if cost[j] <= left:
            log.late.append((j, left))
            left -= cost[j]
        else:
            log.passed[j] = left
    return _outcome(election, tie_break, combination, scores, log)


def _close(a: float, b: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= _CLOSE * max(abs(a), abs(b))


def _outcome(
    election: Election, tie_break: TieBreak, combination: str, scores: np.ndarray, log: _Log
) -> Outcome:
    projects = election.projects
    why: dict[str, Text] = {}
    for r, (j, given, excess) in enumerate(log.funded):
        values = {"round": r + 1, "given": Money(given), "cost": Money(projects[j].cost)}
        if excess > _EXCESS_KEPT:
            template = N_(
                "Funded in round %(round)s: its donors had given it %(given)s, enough for its "
                "cost %(cost)s; the %(excess)s more went back to its donors for their other "
                "projects."
            )
            values["excess"] = Money(excess)
        else:
            template = N_(
                "Funded in round %(round)s: its donors had given it %(given)s, enough for its "
                "cost %(cost)s."
            )
        why[projects[j].id] = Text(template, values)
    late = dict(log.late)
    for r, (j, given) in enumerate(log.eliminated):
        p = projects[j]
        values = {"n": r + 1, "given": Money(given), "cost": Money(p.cost)}
        if j in late:
            values["held"] = Money(late[j])
            template = N_(
                "Elimination %(n)s: it had the least support; its donors had given it %(given)s "
                "of its %(cost)s, and what they gave moved to their other projects. Funded at the "
                "end: its cost fit in the %(held)s the donors still held."
            )
        else:
            values["held"] = Money(log.passed[j])
            template = N_(
                "Not funded. Elimination %(n)s: it had the least support; its donors had given "
                "it %(given)s of its %(cost)s, and what they gave moved to their other projects. "
                "At the end its cost was more than the %(held)s the donors still held."
            )
        why[p.id] = Text(template, values)
    ties = []
    for what, tied in log.ties:
        ids = [projects[j].id for j in tied]
        if tie_break.refuses:
            # Not weighed (whether another choice changes the outcome): staff decide every tie.
            raise TieUnresolved(ids, f"to be {'eliminated' if what == 'eliminate' else 'funded'}")
        chosen = tied[-1] if what == "eliminate" else tied[0]
        ties.append(
            Text(
                N_(
                    "Projects %(projects)s were tied to be eliminated; the tie-break "
                    "(%(tie_break)s) chose %(chosen)s."
                )
                if what == "eliminate"
                else N_(
                    "Projects %(projects)s were tied to be funded; the tie-break (%(tie_break)s) "
                    "chose %(chosen)s."
                ),
                {
                    "projects": names(projects, tied),
                    "tie_break": tie_break_words(tie_break.name),
                    "chosen": names(projects, [chosen]),
                },
            )
        )
    selected = [j for j, _, _ in log.funded] + [j for j, _ in log.late]
    spent = sum((projects[j].cost for j in selected), Fraction(0))
    return Outcome(
        rule=f"cstv/{combination}",
        tie_break=tie_break.name,
        budget=election.budget,
        selected=tuple(projects[j].id for j in selected),
        spent=spent,
        scores={p.id: Fraction(int(s)) for p, s in zip(projects, scores, strict=True)},
        explanations=why,
        tie_decided=bool(ties),
        ties=tuple(ties),
    )

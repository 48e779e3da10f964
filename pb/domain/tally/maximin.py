"""Maximin support (Generalised Sequential Phragmén), as pabutools' `maximin_support`.

Each round, for every project that still fits, imagine it funded together with the projects
funded so far, with every cost split among the project's voters as evenly as possible: the
heaviest share any voter then carries (min_cut.heaviest_share). Fund the project for which it
is lightest; stop when no project fits.

What pabutools does that we match: a project is considered when it costs at most the budget;
a project nobody voted for makes the split impossible (pabutools' LP is infeasible, its load
infinite), so it is funded only when every project that fits is in that case, and then, as every
later round is too, the rest go by the tie-break order while they fit. A project costing 0 adds
nothing to anyone's share. pabutools solves each split as a float LP (CBC) and compares the
floats; we compute the shares exactly, so projects tied exactly go to the tie-break.

Speed: a project's share is at least the share before it, its own cost over its voters, and
all the costs over all their voters. Projects are examined from the lowest such bound, and the
search stops once the bound exceeds the best share found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.mes_ballots import support_table
from pb.domain.tally.min_cut import heaviest_share
from pb.domain.tally.outcome import Outcome, money, names, tie_break_words
from pb.domain.tally.scores import supporters
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text

_INF = None  # a split that cannot be made


class _Shares:
    def __init__(self, election: Election):
        table = support_table(election)
        self.weights = table.weights
        self.member = []
        for rows in table.supporters:
            m = np.zeros(table.num_rows, dtype=bool)
            m[rows] = True
            self.member.append(m)
        self.costs = [p.cost for p in election.projects]
        self.counts = [int(c) for c in table.support_counts]

    def regroup(self, groups: np.ndarray, j: int) -> np.ndarray:
        """Row groups (rows voting for the same funded projects) once `j` is funded too."""
        return np.unique(groups * 2 + self.member[j], return_inverse=True)[1].astype(np.int64)

    def share(self, chosen: list[int], groups: np.ndarray, j: int, lower: Fraction) -> Fraction:
        """The heaviest share with `j` added to `chosen` (whose row groups are `groups`)."""
        _, first, inverse = np.unique(
            groups * 2 + self.member[j], return_index=True, return_inverse=True
        )
        sizes = np.bincount(inverse, weights=self.weights).astype(np.int64)
        projects = chosen + [j]
        member = np.stack([self.member[x][first] for x in projects])
        voted = member.any(axis=0)
        return heaviest_share(
            [self.costs[x] for x in projects], sizes[voted], member[:, voted], lower
        )


@dataclass
class _Run:
    chosen: list[int] = field(default_factory=list)
    history: list[tuple[Fraction | None, Fraction]] = field(default_factory=list)  # share, left
    dropped: dict[int, tuple[int, Fraction]] = field(default_factory=dict)  # round, money left
    ties: list[tuple[int, list[int]]] = field(default_factory=list)
    left: Fraction = Fraction(0)


def _run(shares: _Shares, election: Election, rank: np.ndarray, force: dict[int, int]) -> _Run:
    costs = shares.costs
    budget = election.budget
    n_all = int(shares.weights.sum())
    open_ = sorted(
        (j for j, p in enumerate(election.projects) if p.cost <= budget), key=lambda j: rank[j]
    )
    out = _Run(left=budget)
    current = Fraction(0)
    broken = False  # a project nobody voted for is funded: every later split is impossible
    covered = np.zeros(len(shares.weights), dtype=bool)
    groups = np.zeros(len(shares.weights), dtype=np.int64)
    while True:
        for j in open_:
            if costs[j] > out.left:
                out.dropped[j] = (len(out.chosen), out.left)
        open_ = [j for j in open_ if costs[j] <= out.left]
        if not open_:
            return out
        if broken:
            best, tied = _INF, list(open_)
        else:
            best, tied = _best(shares, out.chosen, groups, open_, current, covered, n_all)
        r = len(out.chosen)
        if len(tied) > 1:
            out.ties.append((r, tied))
        pick = force.get(r, tied[0])
        out.history.append((best, out.left))
        out.chosen.append(pick)
        covered |= shares.member[pick]
        groups = shares.regroup(groups, pick)
        if best is _INF:
            broken = True
        else:
            current = best
        out.left -= costs[pick]
        open_.remove(pick)


def maximin_support(election: Election, tie_break: TieBreak, **options) -> Outcome:
    projects = election.projects
    votes = supporters(election)
    rank = tie_break.rank(election, votes)
    shares = _Shares(election)
    run = _run(shares, election, rank, {})
    final = set(run.chosen)
    ties: list[str] = []
    decided = False
    for r, tied in run.ties:
        left = run.history[r][1]
        if run.history[r][0] is _INF:
            # Every split is impossible from here on: the rest go by the tie-break order.
            changes = sum((shares.costs[j] for j in tied), Fraction(0)) > left
        else:
            changes = any(
                set(_run(shares, election, rank, {r: alt}).chosen) != final for alt in tied[1:]
            )
        ids = [projects[j].id for j in tied]
        context = f"in round {r + 1} of maximin support, when {money(left)} was left"
        if changes and tie_break.refuses:
            raise TieUnresolved(ids, context)
        decided |= changes
        ties.append(
            Text(
                N_(
                    "In round %(round)s of maximin support, when %(left)s was left, %(projects)s "
                    "tied. The tie-break (%(tie_break)s) put %(chosen)s first, which changed "
                    "which projects are funded."
                )
                if changes
                else N_(
                    "In round %(round)s of maximin support, when %(left)s was left, %(projects)s "
                    "tied. The tie-break (%(tie_break)s) put %(chosen)s first, which did not "
                    "change the outcome."
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
    why: dict[str, Text] = {}
    for r, j in enumerate(run.chosen):
        share, before = run.history[r]
        p = projects[j]
        values = {"round": r + 1, "before": Money(before)}
        if share is _INF and shares.counts[j] == 0:
            template = N_(
                "Funded in round %(round)s: nobody voted for it; it was funded because the money "
                "left (%(before)s) could buy it and no project with voters still fit."
            )
        elif share is _INF:
            template = N_(
                "Funded in round %(round)s: it fit in the %(before)s left after a project nobody "
                "voted for."
            )
        else:
            template = N_(
                "Funded in round %(round)s: with it, splitting the costs as evenly as possible, no "
                "voter carries more than %(share)s, the least of all projects that fit in the "
                "%(before)s left."
            )
            values["share"] = Money(share)
        why[p.id] = Text(template, values)
    for j, p in enumerate(projects):
        if p.id in why:
            continue
        if p.cost > election.budget:
            why[p.id] = Text(
                N_("Not considered: its cost %(cost)s is more than the budget."),
                {"cost": Money(p.cost)},
            )
        else:
            r, left = run.dropped[j]
            why[p.id] = Text(
                N_(
                    "Not funded: after round %(round)s, its cost %(cost)s was more than the %(left)s left."
                ),
                {"round": r, "cost": Money(p.cost), "left": Money(left)},
            )
    return Outcome(
        rule="maximin-support",
        tie_break=tie_break.name,
        budget=election.budget,
        selected=tuple(projects[j].id for j in run.chosen),
        spent=election.budget - run.left,
        scores={p.id: Fraction(int(v)) for p, v in zip(projects, votes, strict=True)},
        explanations=why,
        tie_decided=decided,
        ties=tuple(ties),
    )


def _best(
    shares: _Shares,
    chosen: list[int],
    groups: np.ndarray,
    open_: list[int],
    current: Fraction,
    covered: np.ndarray,
    n_all: int,
) -> tuple[Fraction | None, list[int]]:
    """The lightest heaviest share and the projects (in tie-break order) that reach it."""
    costs = shares.costs
    spent = sum((costs[j] for j in chosen), Fraction(0))
    bounds: dict[int, Fraction] = {}
    for j in open_:
        if costs[j] > 0 and shares.counts[j] == 0:
            continue  # impossible split
        bound = current
        if costs[j] > 0:
            bound = max(bound, costs[j] / shares.counts[j])
            voters = int(shares.weights[covered | shares.member[j]].sum())
            bound = max(bound, (spent + costs[j]) / voters)
        bounds[j] = bound
    if not bounds:
        return _INF, list(open_)
    best: Fraction | None = None
    tied: list[int] = []
    for j in sorted(bounds, key=lambda j: bounds[j]):  # stable: tie-break order among equals
        if best is not None and bounds[j] > best:
            break
        value = current if costs[j] == 0 else shares.share(chosen, groups, j, bounds[j])
        if best is None or value < best:
            best, tied = value, [j]
        elif value == best:
            tied.append(j)
    order = {j: k for k, j in enumerate(open_)}
    return best, sorted(tied, key=lambda j: order[j])

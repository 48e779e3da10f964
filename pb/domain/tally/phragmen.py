"""Sequential Phragmén, as pabutools' `sequential_phragmen`.

Voters earn money continuously; a project is bought as soon as its supporters, counting what
they already spent, can pay for it together (the lowest "maximal load"). Like pabutools the rule
stops as soon as the project to buy next (or any project tied with it) no longer fits in the
money left, and projects costing more than the whole budget are never considered.

Exactness: loads are Fractions. After a purchase every supporter of the project carries the same
load, so voters fall into at most (rounds + 1) load classes and a project's total load is
`counts[project, class] @ load[class]`. That product is screened in float64 (all terms are
non-negative, so its relative error is below (classes + 4) * 2**-53, far under the 1e-9 margin
used) and only projects within the margin of the minimum are compared in exact arithmetic.

A tie is said to decide the outcome when some way of breaking the ties met funds a different set
(pabutools' irresolute outcome has several sets); the tree of tie choices is explored by
rerunning with forced choices. Ties among projects with disjoint supporters that all fit only
change the order (buying one raises no other's share), so they are not explored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.outcome import Outcome, names, tie_break_words
from pb.domain.tally.scores import supporters
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text

_MARGIN = 1e-9


@dataclass
class _Run:
    selected: list[int] = field(default_factory=list)
    loads: list[Fraction] = field(default_factory=list)  # max load at which each was bought
    ties: list[tuple[int, list[int]]] = field(default_factory=list)  # (round, tied projects)
    stop: tuple[int, Fraction | None, Fraction] | None = None  # (project, its load, money left)


class _Phragmen:
    def __init__(self, election: Election, rank: np.ndarray, score: np.ndarray):
        self.election = election
        self.rank = rank
        profile = election.profile
        self.items = profile.items
        self.offsets = profile.offsets
        self.lengths = profile.lengths
        self.score = score
        self.costs = [p.cost for p in election.projects]
        self.costf = election.costs
        self.budget = election.budget
        n = len(election.projects)
        self.candidates0 = [i for i in range(n) if self.costs[i] <= self.budget]
        # Supporters (ballot indices) per project, found on demand.
        self._voters: dict[int, np.ndarray] = {}

    def voters_of(self, project: int) -> np.ndarray:
        voters = self._voters.get(project)
        if voters is None:
            entries = np.flatnonzero(self.items == project)
            voters = np.searchsorted(self.offsets, entries, side="right") - 1
            self._voters[project] = voters
        return voters

    def run(self, forced: dict[int, int] | None = None) -> _Run:
        n = len(self.costs)
        out = _Run()
        remaining = set(self.candidates0)
        klass = np.zeros(self.election.profile.num_voters, dtype=np.int64)  # 0 = no load yet
        loads: list[Fraction] = [Fraction(0)]
        loadf = [0.0]
        counts = np.zeros((n, 1), dtype=np.int64)
        counts[:, 0] = self.score
        left = self.budget
        step = 0
        while remaining:
            cand = np.fromiter(sorted(remaining), dtype=np.int64)
            positive = cand[self.score[cand] > 0]
            if len(positive):
                approx = (counts[positive] @ np.asarray(loadf) + self.costf[positive]) / self.score[
                    positive
                ]
                floor = approx.min()
                near = positive[approx <= floor * (1 + _MARGIN)]
                exact = {int(p): self._exact_load(int(p), counts, loads) for p in near}
                best = min(exact.values())
                tied = [p for p, v in exact.items() if v == best]
            else:
                best = None  # only unsupported projects are left: pabutools' infinite load
                tied = cand.tolist()
            if any(self.costs[p] > left for p in tied):
                stopper = min((p for p in tied if self.costs[p] > left), key=lambda p: self.rank[p])
                out.stop = (stopper, best, left)
                break
            tied.sort(key=lambda p: self.rank[p])
            if len(tied) > 1:
                out.ties.append((step, tied))
            chosen = forced[step] if forced and step in forced else tied[0]
            out.selected.append(chosen)
            out.loads.append(best if best is not None else Fraction(0))
            left -= self.costs[chosen]
            remaining.discard(chosen)
            if best is not None and self.score[chosen] > 0:
                counts = self._move(chosen, best, klass, counts, loads, loadf)
            step += 1
        return out

    def _exact_load(self, p: int, counts: np.ndarray, loads: list[Fraction]) -> Fraction:
        row = counts[p]
        total = sum((int(row[c]) * loads[c] for c in np.flatnonzero(row)), Fraction(0))
        return (total + self.costs[p]) / int(self.score[p])

    def _move(self, chosen, load, klass, counts, loads, loadf) -> np.ndarray:
        """Supporters of `chosen` now all carry `load`: move them to a new load class.

        Only the supporters' own ballots are read (a ragged gather by their offsets), and the
        counts leaving each (project, class) are one bincount over a combined key: the work
        follows the project's support, not the whole profile."""
        voters = self.voters_of(chosen)
        size = self.lengths[voters]
        total = int(size.sum())
        ends = np.cumsum(size)
        at = np.repeat(self.offsets[voters] - (ends - size), size) + np.arange(total)
        moved_items = self.items[at].astype(np.int64)
        new = len(loads)
        loads.append(load)
        loadf.append(float(load))
        n = counts.shape[0]
        width = new + 1
        old = np.repeat(klass[voters], size)
        leaving = np.bincount(moved_items * width + old, minlength=n * width).reshape(n, width)
        counts = np.hstack([counts, np.zeros((n, 1), dtype=np.int64)]) - leaving
        counts[:, new] += np.bincount(moved_items, minlength=n)
        klass[voters] = new
        return counts


def phragmen(election: Election, tie_break: TieBreak, **options) -> Outcome:
    projects = election.projects
    score = supporters(election)
    rank = tie_break.rank(election, score.astype(float))
    engine = _Phragmen(election, rank, score)
    run = engine.run()
    tie_notes: list[Text] = []
    decided = False
    open_ties = [
        (step, tied) for step, tied in run.ties if not _order_only(engine, tied, run, step)
    ]
    if open_ties:
        decided, complete = _some_tie_changes_the_set(engine, run)
        step, tied = open_ties[0]
        ids = [projects[q].id for q in tied]
        context = f"in round {step + 1}: their supporters would carry the same share"
        if decided and tie_break.refuses:
            raise TieUnresolved(ids, context)
        if decided:
            tie_notes.append(
                Text(
                    N_(
                        "Round %(round)s: the supporters of %(projects)s would carry the same "
                        "share. The tie-break (%(tie_break)s) chose %(chosen)s, and breaking the "
                        "tie the other way funds a different set of projects."
                    )
                    if complete
                    else N_(
                        "Round %(round)s: the supporters of %(projects)s would carry the same "
                        "share. The tie-break (%(tie_break)s) chose %(chosen)s; there were too "
                        "many ties to check every other way of breaking them."
                    ),
                    {
                        "round": step + 1,
                        "projects": names(projects, list(tied)),
                        "tie_break": tie_break_words(tie_break.name),
                        "chosen": names(projects, [run.selected[step]]),
                    },
                )
            )
    return Outcome(
        rule="phragmen",
        tie_break=tie_break.name,
        budget=election.budget,
        selected=tuple(projects[i].id for i in run.selected),
        spent=sum((projects[i].cost for i in run.selected), Fraction(0)),
        scores={p.id: Fraction(int(s)) for p, s in zip(projects, engine.score, strict=True)},
        explanations=_explain(election, engine, run),
        tie_decided=decided,
        ties=tuple(tie_notes),
    )


_MAX_RERUNS = 2000


def _some_tie_changes_the_set(engine: _Phragmen, run: _Run) -> tuple[bool, bool]:
    """(decided, complete): whether some way of breaking the ties met (pabutools' irresolute
    outcome) funds another set. Explores the tree of tie choices depth first, skipping ties that
    only order; past _MAX_RERUNS reruns it gives up and says the tie may have decided."""
    base = set(run.selected)
    stack: list[tuple[dict[int, int], _Run]] = [({}, run)]
    reruns = 0
    while stack:
        forced, current = stack.pop()
        last = max(forced, default=-1)
        for step, tied in current.ties:
            if step <= last or _order_only(engine, tied, current, step):
                continue
            for q in tied:
                if q == current.selected[step]:
                    continue
                if reruns >= _MAX_RERUNS:
                    return True, False
                reruns += 1
                branch = {**forced, step: q}
                other = engine.run(branch)
                if set(other.selected) != base:
                    return True, True
                stack.append((branch, other))
    return False, True


def _order_only(engine: _Phragmen, tied: list[int], run: _Run, step: int) -> bool:
    """Tied projects whose supporters do not overlap and which all fit get bought one after
    another whatever the order: buying one raises no other tied project's load."""
    spent_before = sum((engine.costs[i] for i in run.selected[:step]), Fraction(0))
    if sum((engine.costs[i] for i in tied), Fraction(0)) > engine.budget - spent_before:
        return False
    voters = np.concatenate([engine.voters_of(q) for q in tied])
    return len(np.unique(voters)) == len(voters)


def _explain(election: Election, engine: _Phragmen, run: _Run) -> dict[str, Text]:
    projects = election.projects
    why: dict[str, Text] = {}
    for n, (i, load) in enumerate(zip(run.selected, run.loads, strict=True)):
        p = projects[i]
        if engine.score[i] > 0:
            why[p.id] = Text(
                N_(
                    "Funded in round %(round)s: its supporters (%(supporters)s) could pay its "
                    "cost of %(cost)s with the lowest share, %(load)s each in all (counting what "
                    "they already paid for earlier projects)."
                ),
                {
                    "round": n + 1,
                    "supporters": int(engine.score[i]),
                    "cost": Money(p.cost),
                    "load": Money(load),
                },
            )
        else:
            why[p.id] = Text(
                N_("Funded in round %(round)s: no votes, but it fit in the money left."),
                {"round": n + 1},
            )
    for i, p in enumerate(projects):
        if p.id in why:
            continue
        if p.cost > election.budget:
            why[p.id] = Text(
                N_("Not considered: it costs %(cost)s, more than the whole budget of %(budget)s."),
                {"cost": Money(p.cost), "budget": Money(election.budget)},
            )
        elif run.stop is not None and run.stop[0] == i:
            why[p.id] = Text(
                N_(
                    "Not funded: it was next, but its cost of %(cost)s was more than the "
                    "%(left)s left, so counting stopped."
                ),
                {"cost": Money(p.cost), "left": Money(run.stop[2])},
            )
        elif run.stop is not None:
            why[p.id] = Text(
                N_(
                    "Not funded (supporters: %(supporters)s): counting stopped before its "
                    "turn, when %(stopped)s did not fit."
                ),
                {"supporters": int(engine.score[i]), "stopped": names(projects, [run.stop[0]])},
            )
        else:
            why[p.id] = Text(N_("Not funded."))
    return why

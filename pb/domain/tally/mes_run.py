"""One run of the Method of Equal Shares at a given starting budget per voter.

The round structure is pabutools' `mes_inner_algo`: each round, every remaining project gets a
price factor rho (the smallest rho such that its supporters, each paying min(money left,
rho * utility), cover its cost); the project with the smallest rho is bought, ties go to the
tie-break order, unaffordable projects drop out, and the run ends when none is affordable.
Prices only rise during a run (money only falls), so a price computed in an earlier round is a
lower bound and projects are examined lazily in that order, as pabutools does.

Two arithmetics share this loop:
- `run_float`: float64 on the distinct-ballot rows. Any decision whose margin is below a relative
  1e-9 (a near tie in rho, a project that almost exactly fits) marks the run `uncertain`, and
  the caller repeats it exactly. Float errors here are around 1e-13, far inside that margin.
- `run_exact`: Fractions. A voter's money is max(0, b - sum of the shares they paid), so rows
  that supported the same bought projects hold the same amount: they are kept in classes and
  each price is computed over a few classes instead of every row.

With a `reference` (the rounds of a run at a smaller budget b1 with the same tie-break), a run
at b2 also checks the certificate that lets add1 skip every budget in [b1, b2]; see mes_add1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from pb.domain.tally.mes_ballots import SupportTable

TOL = 1e-9


@dataclass(frozen=True)
class Context:
    """Everything about an election a run needs, computed once."""

    table: SupportTable
    cost_q: list[Fraction]
    util_q: list[Fraction]
    cost_f: np.ndarray
    util_f: np.ndarray
    rank: np.ndarray  # tie-break rank per project, lower wins
    candidates: tuple[int, ...]  # supported projects with a positive cost
    init_rho: np.ndarray  # cost / (supporters * utility): the price when everyone pays equally


@dataclass
class Round:
    project: int
    rho: float | Fraction
    share: float  # the most one supporter paid
    min_pay: float  # the least a paying supporter paid
    payers: int  # supporters who still had money and paid
    tied: tuple[int, ...] = ()  # projects tied with it at the same rho (exact runs only)
    before: np.ndarray | None = None  # its supporters' money before the purchase (float runs)


@dataclass
class Run:
    budget: Fraction  # starting money per voter
    rounds: list[Round]
    money_left: np.ndarray  # float64 per row at the end
    exact: bool
    uncertain: bool = False  # float run met a decision too close to call
    certified: bool | None = None  # None without a reference
    ties: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)  # (round, tied projects)

    @property
    def sequence(self) -> list[int]:
        return [r.project for r in self.rounds]


def _share_float(v: np.ndarray, w: np.ndarray, cost: float, wtot: float) -> float:
    """The s with sum(w * min(v, s)) == cost, assuming sum(w * v) >= cost."""
    s = cost / wtot
    npoor = 0
    for _ in range(12):
        poor = v < s
        c = int(np.count_nonzero(poor))
        if c == npoor:
            return s
        npoor = c
        wp = w[poor]
        rich = wtot - wp.sum()
        if rich <= 0:
            return float(v.max())
        s = (cost - v[poor] @ wp) / rich
    order = np.argsort(v, kind="stable")
    vs, ws = v[order], w[order]
    paid = np.concatenate(([0.0], np.cumsum(vs * ws)[:-1]))
    left_w = wtot - np.concatenate(([0.0], np.cumsum(ws)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        cand = (cost - paid) / left_w
    ok = np.flatnonzero(cand <= vs)
    return float(cand[ok[0]]) if len(ok) else float(vs[-1])


def run_float(
    ctx: Context, b: Fraction, reference: Run | None = None, stop_early: bool = False
) -> Run:
    t = ctx.table
    money = np.full(t.num_rows, float(b))
    floor = float(b) * 1e-12
    stale = ctx.init_rho.copy()
    alive = set(ctx.candidates)
    rounds: list[Round] = []
    run = Run(b, rounds, money, exact=False, certified=None if reference is None else True)
    while True:
        r = len(rounds)
        ref_round = reference.rounds[r] if run.certified and r < len(reference.rounds) else None
        ref = None if ref_round is None else float(ref_round.rho)
        best, best_j, computed, dropped, gathered = np.inf, -1, {}, [], {}
        # Lazily, in order of the lower bounds, as pabutools; projects past the break are not
        # checked for affordability this round, which changes nothing: none of them can win.
        for j in sorted(alive, key=stale.__getitem__):
            limit = best if ref is None else max(best, ref)
            if stale[j] > limit * (1 + TOL):
                break
            cost = ctx.cost_f[j]
            v = money[t.supporters[j]]
            w = t.support_weights[j]
            avail = float(v @ w)
            if avail < cost:
                if avail >= cost * (1 - TOL):
                    run.uncertain = True
                dropped.append(j)
                continue
            if avail <= cost * (1 + TOL):
                run.uncertain = True
            rho = _share_float(v, w, cost, t.total_weight[j]) / ctx.util_f[j]
            stale[j] = computed[j] = rho
            gathered[j] = v
            if rho < best:
                best, best_j = rho, j
        alive.difference_update(dropped)
        if run.certified and (best_j < 0) != (r >= len(reference.rounds)):
            run.certified = False
        if best_j < 0:
            return run
        if any(x <= best * (1 + TOL) for j, x in computed.items() if j != best_j):
            run.uncertain = True
        if ref is not None:
            if best_j != ref_round.project:
                run.certified = False
            else:
                for j, x in computed.items():
                    if (
                        j != best_j
                        and x <= ref * (1 + TOL)
                        and not refine(ctx, ref_round, reference.budget, j, gathered[j], b)
                    ):
                        run.certified = False
                        break
        if run.uncertain or (stop_early and run.certified is False):
            return run
        rounds.append(_buy_float(ctx, money, best_j, best, floor, gathered[best_j]))
        alive.discard(best_j)


def refine(ctx: Context, ref: Round, b1: Fraction, q: int, v2: np.ndarray, b2: Fraction) -> bool:
    """Whether project q cannot beat ref.project at any budget strictly between b1 and b2 (the
    runs at b1 and b2 agreeing up to this round), when the plain bound rho_q(b2) > rho(b1) fails.

    Rows with money at b1 gain at least b - b1 by b (earlier shares only fall), so the winner's
    rho at b is at most its price with money(b1) + (b - b1) on those rows; rows with money at b
    have at least b2 - b more at b2, so q's rho at b is at least its price with
    max(0, money(b2) - (b2 - b)). Checked at each whole budget in between (only those are run)
    when there are few, else on 8 sub-intervals.
    """
    if ref.before is None:
        return False  # the reference was an exact run
    t = ctx.table
    j = ref.project
    d = float(b2 - b1)
    steps = int(b2 - b1)
    if Fraction(steps) == b2 - b1 and steps <= 8:
        pieces = [(float(i), float(i)) for i in range(1, steps)]
    else:
        pieces = [(d * i / 8, d * (i + 1) / 8) for i in range(8)]
    v1, wj, wq = ref.before, t.support_weights[j], t.support_weights[q]
    has = (v1 > 0).astype(np.float64)
    cost_j, cost_q = ctx.cost_f[j], ctx.cost_f[q]
    for lo, hi in pieces:
        vq = np.maximum(v2 - (d - hi), 0.0)
        avail = float(vq @ wq)
        if avail < cost_q * (1 - TOL):
            continue  # q cannot even afford itself there
        if avail <= cost_q * (1 + TOL):
            return False
        upper = _share_float(v1 + lo * has, wj, cost_j, t.total_weight[j]) / ctx.util_f[j]
        lower = _share_float(vq, wq, cost_q, t.total_weight[q]) / ctx.util_f[q]
        if not upper < lower * (1 - TOL):
            return False
    return True


def _buy_float(
    ctx: Context, money: np.ndarray, j: int, rho: float, floor: float, v: np.ndarray
) -> Round:
    rows = ctx.table.supporters[j]
    w = ctx.table.support_weights[j]
    s = rho * ctx.util_f[j]
    paying = v > 0
    after = v - s
    after[after < floor] = 0.0
    money[rows] = after
    pay = np.minimum(v[paying], s)
    return Round(
        project=j,
        rho=rho,
        share=float(pay.max()),
        min_pay=float(pay.min()),
        payers=int(round(float(w[paying].sum()))),
        before=v,
    )

"""The exact run of the Method of Equal Shares (Fractions), used whenever the float run cannot
call a decision, and to find and weigh ties.

A voter's money is max(0, b - the shares they paid), so all rows that supported the same bought
projects hold the same amount. Rows are grouped in such classes (`class_of`), each class holds
one Fraction, and a price is computed over the few classes among a project's supporters.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from pb.domain.tally.mes_run import Context, Round, Run


def run_exact(
    ctx: Context,
    b: Fraction,
    reference: Run | None = None,
    force: dict[int, int] | None = None,
    stop_early: bool = False,
) -> Run:
    t = ctx.table
    class_of = np.zeros(t.num_rows, dtype=np.int64)
    money: list[Fraction] = [Fraction(b)]
    stale = {j: ctx.cost_q[j] / (t.total_util[j] * ctx.util_q[j]) for j in ctx.candidates}
    alive = set(ctx.candidates)
    rounds: list[Round] = []
    run = Run(b, rounds, np.empty(0), exact=True, certified=None if reference is None else True)
    force = force or {}

    def groups(j: int) -> list[tuple[Fraction, int]]:
        """(money / utility, weight * utility) per group of supporters alike in both: the
        price problem in units of each voter's utility (see mes_kernels.run)."""
        classes, utils, weight = _classes(t, class_of, j)
        pairs = [
            (money[c] / u, w * u)
            for c, u, w in zip(classes.tolist(), utils.tolist(), weight.tolist(), strict=True)
        ]
        return sorted(p for p in pairs if p[0] > 0)

    while True:
        r = len(rounds)
        ref = reference.rounds[r] if run.certified and r < len(reference.rounds) else None
        best: Fraction | None = None
        computed: dict[int, Fraction] = {}
        dropped = []
        for j in sorted(alive, key=stale.__getitem__):
            pairs = groups(j)
            cost = ctx.cost_q[j]
            if sum(m * w for m, w in pairs) < cost:
                dropped.append(j)
                continue
            limit = best if ref is None else ref.rho if best is None else max(best, ref.rho)
            if limit is not None and stale[j] > limit:
                break
            rho = _share(pairs, cost) / ctx.util_q[j]
            stale[j] = computed[j] = rho
            if best is None or rho < best:
                best = rho
        alive.difference_update(dropped)
        if run.certified and (best is None) != (r >= len(reference.rounds)):
            run.certified = False
        if best is None:
            run.money_left = np.array([float(m) for m in money])[class_of]
            return run
        tied = sorted((j for j, x in computed.items() if x == best), key=ctx.rank.__getitem__)
        winner = force.get(r, tied[0])
        if winner not in tied:
            raise ValueError(f"project index {winner} is not among the tied projects in round {r}")
        if len(tied) > 1:
            run.ties.append((r, tuple(tied)))
        if ref is not None:
            if winner != ref.project:
                run.certified = False
            else:
                for j, x in computed.items():
                    if j != winner and (
                        x < ref.rho or (x == ref.rho and ctx.rank[j] < ctx.rank[winner])
                    ):
                        run.certified = False
        if stop_early and run.certified is False:
            return run
        rounds.append(_buy(ctx, class_of, money, winner, best, tuple(tied)))
        alive.discard(winner)


def _share(pairs: list[tuple[Fraction, int]], cost: Fraction) -> Fraction:
    """The s with sum(w * min(m, s)) == cost over (m, w) sorted by m; affordability checked."""
    paid = Fraction(0)
    left = sum(w for _, w in pairs)
    for m, w in pairs:
        s = (cost - paid) / left
        if s <= m:
            return s
        paid += m * w
        left -= w
    raise AssertionError("unaffordable project priced")


def _buy(
    ctx: Context,
    class_of: np.ndarray,
    money: list[Fraction],
    j: int,
    rho: Fraction,
    tied: tuple[int, ...],
) -> Round:
    t = ctx.table
    rows = t.supporters[j]
    s = rho * ctx.util_q[j]
    classes, utils, weight, inverse = _classes(t, class_of, j, with_inverse=True)
    base = len(money)
    pays = []
    payers = 0
    for c, u, w in zip(classes.tolist(), utils.tolist(), weight.tolist(), strict=True):
        m = money[c]
        if m > 0:
            pays.append(min(m, s * u))
            payers += w
        money.append(max(m - s * u, Fraction(0)))
    class_of[rows] = base + inverse
    return Round(
        project=j,
        rho=rho,
        share=float(max(pays)),
        min_pay=float(min(pays)),
        payers=payers,
        tied=tied if len(tied) > 1 else (),
    )


def _classes(t, class_of: np.ndarray, j: int, with_inverse: bool = False):
    """The supporters of j grouped by money class and utility: per group its class, utility and
    weight (and with_inverse, each supporter's group)."""
    rows = t.supporters[j]
    if t.support_utils is None:  # one utility per project: group by class alone (faster)
        classes, inverse = np.unique(class_of[rows], return_inverse=True)
        utils = np.ones(len(classes), dtype=np.int64)
    else:
        keys = np.stack([class_of[rows], t.support_utils[j]], axis=1)
        groups, inverse = np.unique(keys.reshape(-1, 2), axis=0, return_inverse=True)
        classes, utils = groups[:, 0], groups[:, 1]
    inverse = inverse.reshape(-1)
    weight = np.bincount(inverse, weights=t.weights[rows], minlength=len(classes)).astype(np.int64)
    if with_inverse:
        return classes, utils, weight, inverse
    return classes, utils, weight

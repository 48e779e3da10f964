"""Prices in a float MES run, compiled with numba (see mes_kernels for why): the share each
supporter pays for a project, a purchase (which never rounds money away), and the second chance a certificate gives a
competitor (mes_run.run_float explains the bounds).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Added to a poor supporter's money (subtracted from a rich one's) to keep it out of the least
# rich (most poor) amount without a branch; money never comes near it.
HUGE = 1e300


@njit(cache=True)
def split(v: np.ndarray, w: np.ndarray, s: float) -> tuple[float, float, float, float]:
    """Over the supporters who cannot pay s: their weight and money; the least money among the
    others and the most among them."""
    poor_w = 0.0
    poor_paid = 0.0
    rich_min = np.inf
    poor_max = -np.inf
    for i in range(len(v)):
        x = v[i]
        # Arithmetic instead of branches: the comparison is a coin toss for the CPU's branch
        # predictor, and a mispredicted branch per element costs 4 times the whole loop.
        p = 1.0 if x < s else 0.0
        poor_w += w[i] * p
        poor_paid += x * w[i] * p
        rich_min = min(rich_min, x + HUGE * p)
        poor_max = max(poor_max, x - HUGE * (1.0 - p))
    return poor_w, poor_paid, rich_min, poor_max


@njit(cache=True)
def settle(
    v: np.ndarray,
    w: np.ndarray,
    cost: float,
    wtot: float,
    s: float,
    poor_w: float,
    poor_paid: float,
    rich_min: float,
    poor_max: float,
) -> float:
    """The share, from the split of the supporters at a first guess s.

    The supporters who cannot pay s pay all they have and the others split the rest equally;
    that share is the answer when it leaves the same supporters on each side, else the split is
    redone at it. The share only rises, so this ends; after a few rounds a sort finishes the
    job, whatever the data.
    """
    for _ in range(30):
        rich = wtot - poor_w
        if rich <= 0.0:
            return v.max()
        s = (cost - poor_paid) / rich
        if rich_min >= s and poor_max < s:
            return s
        poor_w, poor_paid, rich_min, poor_max = split(v, w, s)
    order = np.argsort(v, kind="mergesort")
    paid = 0.0
    left = wtot
    for k in range(len(v)):
        i = order[k]
        cand = (cost - paid) / left
        if cand <= v[i]:
            return cand
        paid += v[i] * w[i]
        left -= w[i]
    return v[order[len(v) - 1]]


@njit(cache=True)
def share(v: np.ndarray, w: np.ndarray, cost: float, wtot: float) -> float:
    """The s with sum(w * min(v, s)) == cost, assuming sum(w * v) >= cost."""
    s = cost / wtot
    poor_w, poor_paid, rich_min, poor_max = split(v, w, s)
    return settle(v, w, cost, wtot, s, poor_w, poor_paid, rich_min, poor_max)


@njit(cache=True)
def buy(
    money: np.ndarray,
    rows: np.ndarray,
    w: np.ndarray,
    eu: np.ndarray,
    v: np.ndarray,
    s: float,
    floor: float,
) -> tuple[float, float, float, bool]:
    """Charge each supporter min(money, s) in units of their utility eu (v is money / eu), that
    is min(money, s * eu) in money; returns the largest and smallest payment, the weight
    of the supporters who paid, and whether someone is left with an amount within `floor` of 0
    (other than exactly nothing after paying all they had): float cannot tell whether that voter
    still has money, which can decide whether a cheap project is affordable, so the caller
    leaves the run to the exact arithmetic."""
    most = 0.0
    least = np.inf
    payers = 0.0
    unsure = False
    for i in range(len(rows)):
        x = v[i]
        pays = 1.0 if x > 0.0 else 0.0  # branch-free, as in split
        pay = min(x, s) * eu[i]
        most = max(most, pay)
        least = min(least, pay + HUGE * (1.0 - pays))
        payers += w[i] * pays
        after = (x - s) * eu[i]
        unsure |= (x > 0.0) & (abs(after) < floor)
        money[rows[i]] = max(after, 0.0)
    return most, least, payers, unsure


@njit(cache=True)
def refine(
    v1: np.ndarray,
    j: int,
    q: int,
    v2: np.ndarray,
    steps: int,
    ptr: np.ndarray,
    w: np.ndarray,
    eu_inv: np.ndarray,
    cost: np.ndarray,
    util: np.ndarray,
    wtot: np.ndarray,
    tol: float,
) -> bool:
    """Whether q cannot beat j at any whole budget strictly between b1 and b2 = b1 + steps
    (see mes_run.run_float for the bounds). A stretch [lo, hi] of increments is cleared at once
    with the winner's bound at lo and q's at hi; a stretch that fails is halved, down to single
    increments, within a fixed number of checks."""
    if steps < 2:
        return steps == 1  # nothing in between
    # v1, v2 and w are in units of each voter's utility (money / eu, weight * eu): see run.
    wj = w[ptr[j] : ptr[j + 1]]
    wq = w[ptr[q] : ptr[q + 1]]
    ij = eu_inv[ptr[j] : ptr[j + 1]]
    iq = eu_inv[ptr[q] : ptr[q + 1]]
    d = float(steps)
    stack_lo = np.empty(64, dtype=np.int64)
    stack_hi = np.empty(64, dtype=np.int64)
    stack_lo[0] = 1
    stack_hi[0] = steps - 1
    top = 1
    checks = 0
    vj = np.empty(len(v1))
    while top > 0:
        top -= 1
        lo = stack_lo[top]
        hi = stack_hi[top]
        checks += 1
        if checks > 48:
            return False
        vq = np.maximum(v2 - (d - hi) * iq, 0.0)
        avail = 0.0
        for i in range(len(vq)):
            avail += vq[i] * wq[i]
        if avail < cost[q] * (1 - tol):
            continue  # q cannot even afford itself there
        cleared = False
        if avail > cost[q] * (1 + tol):
            for i in range(len(v1)):
                vj[i] = v1[i] + lo * ij[i] if v1[i] > 0.0 else 0.0
            upper = share(vj, wj, cost[j], wtot[j]) / util[j]
            lower = share(vq, wq, cost[q], wtot[q]) / util[q]
            cleared = upper < lower * (1 - tol)
        if not cleared:
            if hi == lo or top + 2 > 64:
                return False
            mid = (lo + hi) // 2
            stack_lo[top] = mid + 1
            stack_hi[top] = hi
            stack_lo[top + 1] = lo
            stack_hi[top + 1] = mid
            top += 2
    return True

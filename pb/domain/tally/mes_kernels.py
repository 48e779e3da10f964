"""The inner loops of a float MES run, compiled with numba.

A run examines about two projects per round and each examination touches every distinct ballot
that supports the project (thousands of rows on a city file). With numpy each of those steps is
a dozen array passes and calls; add1 repeats the run hundreds to thousands of times, so these
few loops decide its speed. They are plain Python that numba compiles once and caches on disk
(`cache=True`); `.py_func` runs the same code uncompiled, which the tests compare against.

Decisions are not taken here: the caller (mes_run) compares the returned numbers with its
tolerance and falls back to the exact run when a decision is close, so the summation order used
here (which differs from numpy's) cannot change an outcome.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from pb.domain.tally.mes_prices import HUGE, buy, refine, settle


@njit(cache=True)
def run(
    b: float,
    ptr: np.ndarray,
    rows: np.ndarray,
    w: np.ndarray,
    wu: np.ndarray,
    eu: np.ndarray,
    eu_inv: np.ndarray,
    num_rows: int,
    cost: np.ndarray,
    util: np.ndarray,
    wtot: np.ndarray,
    init_rho: np.ndarray,
    candidates: np.ndarray,
    ref_proj: np.ndarray,
    ref_rho: np.ndarray,
    ref_ptr: np.ndarray,
    ref_before: np.ndarray,
    has_ref: bool,
    ref_has_before: bool,
    steps: int,
    stop_early: bool,
    tol: float,
):
    """One float run, the loop of mes_run.run_float (see there) in compiled form.

    Per supporter entry i, eu[i] is that voter's utility relative to the project's util[j]
    (1 unless utilities differ between voters, as with points), wu[i] = w[i] * eu[i] and wtot
    sums wu per project. Prices are found on money / eu with weights wu: sum(w * min(m, rho * u))
    is sum(wu * min(m / eu, rho * util[j])), the one-utility-per-project problem. eu >= 1, so
    the money / eu values are known at least as well as the money itself.

    Returns (rounds, projects, rhos, shares, least pays, payer weights, before_ptr, before,
    money, uncertain, certified): round t bought projects[t], its supporters held
    before[before_ptr[t]:before_ptr[t + 1]] just before.
    """
    num_projects = len(cost)
    # A bound on the float error of any voter's money (rounding adds about 1e-16 of b per
    # payment): an amount within it of 0 may be 0 or not, and only the exact run can tell.
    floor = b * 1e-12
    money = np.full(num_rows, b)
    stale = init_rho.copy()
    alive = np.zeros(num_projects, dtype=np.bool_)
    for j in candidates:
        alive[j] = True
    nmax = len(candidates)
    proj = np.empty(nmax, dtype=np.int64)
    rhos = np.empty(nmax)
    most = np.empty(nmax)
    least = np.empty(nmax)
    payers = np.empty(nmax)
    before_ptr = np.zeros(nmax + 1, dtype=np.int64)
    before = np.empty(len(rows))
    scratch = np.empty(len(rows))
    comp_j = np.empty(num_projects, dtype=np.int64)
    comp_x = np.empty(num_projects)
    comp_at = np.empty(num_projects + 1, dtype=np.int64)
    uncertain = False
    certified = has_ref
    n_ref = len(ref_proj)
    r = 0
    while True:
        use_ref = has_ref and certified and r < n_ref
        ref = ref_rho[r] if use_ref else np.inf
        live = np.flatnonzero(alive)
        order = live[np.argsort(stale[live], kind="mergesort")]
        best = np.inf
        best_k = -1
        ncomp = 0
        pos = 0
        for j in order:
            limit = max(best, ref) if use_ref else best
            # Money is known to about `floor` per voter (see buy), so a price is known to
            # about floor / utility besides the relative tolerance: a cheap project's price can
            # be off by far more than tol of itself when shares run to 10**15.
            if stale[j] > limit * (1 + tol) + floor / util[j]:
                continue  # not `break`: a later, cheaper project may be known less well
            lo, hi = ptr[j], ptr[j + 1]
            c = cost[j]
            s = c / wtot[j]
            # One pass gathers the supporters' money and splits them at the equal share s,
            # which settles most prices without another pass.
            avail = 0.0
            poor_w = 0.0
            poor_paid = 0.0
            rich_min = np.inf
            poor_max = -np.inf
            for i in range(lo, hi):
                x = money[rows[i]] * eu_inv[i]
                scratch[pos + i - lo] = x
                wx = x * wu[i]
                avail += wx
                p = 1.0 if x < s else 0.0  # branch-free, as in mes_prices.split
                poor_w += wu[i] * p
                poor_paid += wx * p
                rich_min = min(rich_min, x + HUGE * p)
                poor_max = max(poor_max, x - HUGE * (1.0 - p))
            slack = c * tol + floor * wtot[j]
            if avail < c:
                if avail >= c - slack:
                    uncertain = True
                alive[j] = False
                continue
            if avail <= c + slack:
                uncertain = True
            v = scratch[pos : pos + hi - lo]
            s = settle(v, wu[lo:hi], c, wtot[j], s, poor_w, poor_paid, rich_min, poor_max)
            rho = s / util[j]
            stale[j] = rho
            comp_j[ncomp] = j
            comp_x[ncomp] = rho
            comp_at[ncomp] = pos
            pos += hi - lo
            if rho < best:
                best = rho
                best_k = ncomp
            ncomp += 1
        if has_ref and certified and ((best_k < 0) != (r >= n_ref)):
            certified = False
        if best_k < 0:
            break
        best_j = comp_j[best_k]
        for k in range(ncomp):
            near = best * (1 + tol) + floor / util[comp_j[k]] + floor / util[best_j]
            if k != best_k and comp_x[k] <= near:
                uncertain = True
        if use_ref:
            if best_j != ref_proj[r]:
                certified = False
            else:
                for k in range(ncomp):
                    q = comp_j[k]
                    if k == best_k or comp_x[k] > ref * (1 + tol):
                        continue
                    ok = False
                    if ref_has_before:
                        n_q = ptr[q + 1] - ptr[q]
                        ok = refine(
                            ref_before[ref_ptr[r] : ref_ptr[r + 1]],
                            best_j,
                            q,
                            scratch[comp_at[k] : comp_at[k] + n_q],
                            steps,
                            ptr,
                            wu,
                            eu_inv,
                            cost,
                            util,
                            wtot,
                            tol,
                        )
                    if not ok:
                        certified = False
                        break
        if uncertain or (has_ref and stop_early and not certified):
            break
        lo, hi = ptr[best_j], ptr[best_j + 1]
        at = comp_at[best_k]
        start = before_ptr[r]
        before[start : start + hi - lo] = scratch[at : at + hi - lo]
        before_ptr[r + 1] = start + hi - lo
        m, lp, pw, unsure = buy(
            money,
            rows[lo:hi],
            w[lo:hi],
            eu[lo:hi],
            before[start : start + hi - lo],
            best * util[best_j],
            floor,
        )
        if unsure:
            uncertain = True
            break
        proj[r] = best_j
        rhos[r] = best
        most[r] = m
        least[r] = lp
        payers[r] = pw
        alive[best_j] = False
        r += 1
    return r, proj, rhos, most, least, payers, before_ptr, before, money, uncertain, certified

"""The heaviest share a set of projects forces on its voters, exactly (for maximin support).

Projects with costs, voter groups with weights (how many voters) and which projects each group
voted for. Splitting every project's cost among its voters, the smallest possible largest load
is z = max over nonempty S of cost(S) / voters(S), where voters(S) are the voters of at least
one project in S (Hall's condition for the flow that pays the costs). Found by Dinkelbach's
iteration: for a guess l = cost(S) / voters(S), a minimum cut of the network
source -> project (its cost) -> its groups (unbounded) -> sink (l x group weight) gives the S
maximising cost(S) - l x voters(S); when that is positive, its ratio is a better guess.

Capacities are scaled to integers, so every cut is exact. The maximum flow (Dinic's) runs
compiled with numba on int64 capacities; should they not fit in 62 bits (costs of many digits),
the same code runs uncompiled on Python integers.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np
from numba import njit

_LIMIT = 1 << 62


def heaviest_share(
    costs: list[Fraction], weights: np.ndarray, member: np.ndarray, start: Fraction
) -> Fraction:
    """z for projects 0..len(costs)-1. `member[j, g]`: group g voted for project j; every
    project with a positive cost has a group. `start` is a lower bound on z (or 0)."""
    if sum(costs, Fraction(0)) == 0:
        return Fraction(0)
    weights = np.asarray(weights, dtype=np.int64)
    scale = lcm(*(c.denominator for c in costs))
    scaled = [int(c * scale) for c in costs]
    level = start
    while True:
        chosen = _best_set(scaled, scale, weights, member, level)
        if not chosen.any():
            return level
        gain_cost = sum((costs[j] for j in np.flatnonzero(chosen).tolist()), Fraction(0))
        voters = int(weights[member[chosen].any(axis=0)].sum())
        if gain_cost - level * voters <= 0:
            return level
        level = gain_cost / voters


def _best_set(
    scaled: list[int], scale: int, weights: np.ndarray, member: np.ndarray, level: Fraction
) -> np.ndarray:
    """The projects on the source side of a minimum cut at `level` (bool per project)."""
    k, m = member.shape
    a, b = level.numerator, level.denominator
    source, sink = k + m, k + m + 1
    paid = [j for j in range(k) if scaled[j] > 0]
    pj, pg = np.nonzero(member)
    big = sum(scaled) * b + 1
    n = k + m + 2
    num = len(paid) + len(pj) + m
    tail = np.concatenate([np.full(len(paid), source), pj, k + np.arange(m)]).astype(np.int64)
    head = np.concatenate([np.array(paid, dtype=np.int64), k + pg, np.full(m, sink)])
    to = np.empty(2 * num, dtype=np.int64)
    to[0::2], to[1::2] = head, tail
    frm = np.empty(2 * num, dtype=np.int64)
    frm[0::2], frm[1::2] = tail, head
    rev = np.arange(2 * num, dtype=np.int64) ^ 1
    adj = np.argsort(frm, kind="stable").astype(np.int64)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(frm, minlength=n), out=start[1:])
    top = a * int(weights.max(initial=0)) * scale
    compiled = big < _LIMIT and top < _LIMIT
    cap = np.zeros(2 * num, dtype=np.int64 if compiled else object)
    cap[0 : 2 * len(paid) : 2] = [scaled[j] * b for j in paid]
    cap[2 * len(paid) : 2 * (len(paid) + len(pj)) : 2] = big
    if compiled:
        cap[2 * (len(paid) + len(pj)) :: 2] = weights * (a * scale)
        reach = _max_flow(n, source, sink, start, adj, to, cap, rev)
    else:
        cap[2 * (len(paid) + len(pj)) :: 2] = [a * int(w) * scale for w in weights]
        reach = _max_flow.py_func(n, source, sink, start, adj, to, cap, rev)
    return np.asarray(reach[:k], dtype=bool)


@njit(cache=True)
def _max_flow(n, s, t, start, adj, to, cap, rev):  # pragma: no cover - compiled
    """Dinic's maximum flow, in place on `cap`; returns which nodes the source still reaches
    (the source side of a minimum cut)."""
    level = np.empty(n, dtype=np.int64)
    nxt = np.empty(n, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    path = np.empty(n, dtype=np.int64)
    while True:
        level[:] = -1
        level[s] = 0
        lo, hi = 0, 1
        queue[0] = s
        while lo < hi:
            u = queue[lo]
            lo += 1
            for k in range(start[u], start[u + 1]):
                e = adj[k]
                if cap[e] > 0 and level[to[e]] < 0:
                    level[to[e]] = level[u] + 1
                    queue[hi] = to[e]
                    hi += 1
        if level[t] < 0:
            break
        for u in range(n):
            nxt[u] = start[u]
        while True:
            depth = 0
            u = s
            while u != t:
                moved = False
                while nxt[u] < start[u + 1]:
                    e = adj[nxt[u]]
                    if cap[e] > 0 and level[to[e]] == level[u] + 1:
                        path[depth] = e
                        depth += 1
                        u = to[e]
                        moved = True
                        break
                    nxt[u] += 1
                if not moved:
                    if depth == 0:
                        break
                    level[u] = -1  # a dead end: never enter it again in this phase
                    depth -= 1
                    u = to[rev[path[depth]]]
                    nxt[u] += 1
            if u != t:
                break
            pushed = cap[path[0]]
            for d in range(depth):
                if cap[path[d]] < pushed:
                    pushed = cap[path[d]]
            for d in range(depth):
                cap[path[d]] -= pushed
                cap[rev[path[d]]] += pushed
    # The last search found no path to t: the nodes it labelled are those the source reaches.
    return level >= 0

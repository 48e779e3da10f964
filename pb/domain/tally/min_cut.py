"""The heaviest share a set of projects forces on its voters, exactly (for maximin support).

Projects P with costs, voter groups with weights (how many voters) and the projects each group
voted for. Splitting every project's cost among its voters, the smallest possible largest load
is z = max over nonempty S of P of cost(S) / voters(S), where voters(S) are the voters of at
least one project in S (Hall's condition for the flow that pays the costs). Found by
Dinkelbach's iteration: for a guess l = cost(S) / voters(S), a minimum cut of the network
source -> project (its cost) -> its groups (unbounded) -> sink (l x group weight) gives the S
maximising cost(S) - l x voters(S); when that is positive, its ratio is a better guess.
Capacities are scaled to integers, so every cut is exact.
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction
from math import lcm


def heaviest_share(
    costs: list[Fraction], weights: list[int], groups: list[list[int]], start: Fraction
) -> Fraction:
    """z for projects 0..len(costs)-1; `groups[g]` lists the projects group g voted for, and
    every project with a positive cost has at least one group. `start` is a lower bound that
    some set attains (or 0)."""
    total = sum(costs, Fraction(0))
    if total == 0:
        return Fraction(0)
    scale = lcm(*(c.denominator for c in costs))
    level = start
    while True:
        chosen = _best_set(costs, weights, groups, level, scale)
        gain_cost = sum((costs[j] for j in chosen), Fraction(0))
        covered = {g for g, members in enumerate(groups) if any(j in chosen for j in members)}
        voters = sum(weights[g] for g in covered)
        if not chosen or gain_cost - level * voters <= 0:
            return level
        level = gain_cost / voters


def _best_set(
    costs: list[Fraction], weights: list[int], groups: list[list[int]], level: Fraction, scale: int
) -> set[int]:
    """The projects on the source side of a minimum cut at `level`."""
    n, m = len(costs), len(groups)
    a, b = level.numerator, level.denominator
    source, sink = n + m, n + m + 1
    graph = _Graph(n + m + 2)
    big = sum(int(c * scale) * b for c in costs) + 1
    for j, c in enumerate(costs):
        if c > 0:
            graph.add(source, j, int(c * scale) * b)
    for g, members in enumerate(groups):
        for j in members:
            graph.add(j, n + g, big)
        graph.add(n + g, sink, a * weights[g] * scale)
    graph.max_flow(source, sink)
    reach = graph.reachable(source)
    return {j for j in range(n) if reach[j]}


class _Graph:
    """Dinic's maximum flow on integer capacities."""

    def __init__(self, size: int):
        self.adj: list[list[int]] = [[] for _ in range(size)]
        self.to: list[int] = []
        self.cap: list[int] = []

    def add(self, u: int, v: int, c: int) -> None:
        self.adj[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(c)
        self.adj[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0)

    def _levels(self, s: int, t: int) -> list[int] | None:
        level = [-1] * len(self.adj)
        level[s] = 0
        queue = deque([s])
        while queue:
            u = queue.popleft()
            for e in self.adj[u]:
                if self.cap[e] > 0 and level[self.to[e]] < 0:
                    level[self.to[e]] = level[u] + 1
                    queue.append(self.to[e])
        return level if level[t] >= 0 else None

    def max_flow(self, s: int, t: int) -> int:
        flow = 0
        while (level := self._levels(s, t)) is not None:
            nxt = [0] * len(self.adj)
            while pushed := self._push(s, t, 1 << 200, level, nxt):
                flow += pushed
        return flow

    def _push(self, s: int, t: int, limit: int, level: list[int], nxt: list[int]) -> int:
        # Iterative depth-first search along the level graph.
        path: list[int] = []
        u = s
        while True:
            if u == t:
                pushed = min([limit] + [self.cap[e] for e in path])
                for e in path:
                    self.cap[e] -= pushed
                    self.cap[e ^ 1] += pushed
                return pushed
            edges = self.adj[u]
            while nxt[u] < len(edges):
                e = edges[nxt[u]]
                v = self.to[e]
                if self.cap[e] > 0 and level[v] == level[u] + 1:
                    break
                nxt[u] += 1
            else:
                if not path:
                    return 0
                level[u] = -1  # dead end: no need to come back
                e = path.pop()
                u = self.to[e ^ 1]
                nxt[u] += 1
                continue
            path.append(edges[nxt[u]])
            u = self.to[edges[nxt[u]]]

    def reachable(self, s: int) -> list[bool]:
        seen = [False] * len(self.adj)
        seen[s] = True
        stack = [s]
        while stack:
            u = stack.pop()
            for e in self.adj[u]:
                if self.cap[e] > 0 and not seen[self.to[e]]:
                    seen[self.to[e]] = True
                    stack.append(self.to[e])
        return seen

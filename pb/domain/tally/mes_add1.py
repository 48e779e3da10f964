"""MES with the "add one" completion, without rerunning MES for every increment.

pabutools (`voter_budget_increment=1`) runs MES with b_k = budget / voters + k for k = 0, 1, ...
and stops at the first k whose outcome costs more than the budget (returning the outcome at
b_{k-1}) or leaves no supported project that still fits (returning the outcome at b_k). On
Budapest 2024 that is over 22,000 runs. We find the same k without running most of them.

Certificate. Fix a run at b1 buying p_1, ..., p_R at price factors rho_t(b1). For any b with the
same purchases so far, every voter's money is max(0, b - shares paid), and by induction over
the rounds it is non-decreasing in b (a larger b leaves more money, more money lowers every
price, lower prices leave more money). So for b in [b1, b2], if the rounds up to t agree with
the run at b1: p_t stays affordable (money only grew since b1), its rho at b is <= rho_t(b1),
and any other project q has rho_q at b >= rho_q at b2. Hence if, in a run at b2 that buys the
same projects, every other affordable q has rho_q(b2) > rho_t(b1) in round t, and nothing is
affordable after round R at b2, then every budget in [b1, b2] gives the run at b1.
The bound "rho_t at b <= rho_t(b1)" is loose when the winner's price falls fast with b, so a
failing comparison is refined (see mes_run.run_float) before giving up.

With it, the search gallops and bisects: from the last run, certify [b_k, b_{k+m}] and double m
while that works; after a failure at b_f, bisect between b_k and b_f until the next increment
is reached, and run it. Each change of outcome costs about twice log2(its distance) runs, not
one per increment: on Budapest 2024, 22,001 increments take about 2,650 runs (mostly stopped
early at the failing round), on Warsaw 2026, 185 take 177. A failing certificate over two
increments is run to the end and kept, since the increment after next is usually run next.
The outcome is not monotone in b, so no increment is skipped without this certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from pb.domain.tally.mes_exact import run_exact
from pb.domain.tally.mes_run import Context, Run, run_float


def evaluate(ctx: Context, b: Fraction) -> Run:
    run = run_float(ctx, b)
    return run_exact(ctx, b) if run.uncertain else run


def _certify(
    ctx: Context, base: Run, b2: Fraction, exact_cache: dict, keep: dict, step: Fraction
) -> Run | None:
    """The run at b2 if it certifies [base.budget, b2], else None. With few increments in
    between, a failing run is finished anyway and kept in `keep`: the search evaluates b2 next
    more often than not."""
    full = b2 - base.budget <= 2 * step
    run = run_float(ctx, b2, reference=base, stop_early=not full)
    if run.uncertain:
        ref = base if base.exact else exact_cache.get(base.budget)
        if ref is None:
            ref = exact_cache[base.budget] = run_exact(ctx, base.budget)
        run = run_exact(ctx, b2, reference=ref, stop_early=True)
    elif full and not run.certified:
        keep[b2] = run
    return run if run.certified else None


@dataclass
class Add1Result:
    run: Run | None  # None: not even the first run fits (only free projects are funded)
    steps: int  # the increment k pabutools stops at
    runs: int  # MES runs actually made
    stop: str = "exhaustive"  # or "over" (the run kept is the one before) or "bound"


def add1(
    ctx: Context,
    b0: Fraction,
    budget: Fraction,
    fixed_cost: Fraction,
    *,
    step: Fraction = Fraction(1),
    watch: tuple[int, ...] | None = None,
    max_steps: int | None = None,
) -> Add1Result:
    """`fixed_cost`: what the projects funded before any round (free ones) cost. The other
    parameters serve exhaustion by budget increase (see exhaustion): each voter's money grows
    by `step`, "exhaustive" looks at the projects `watch` (default: those someone supports),
    and the run at `max_steps` is the last one made."""
    watched = ctx.candidates if watch is None else watch

    def verdict(run: Run) -> str:
        chosen = set(run.sequence)
        spent = fixed_cost + sum((ctx.cost_q[j] for j in chosen), Fraction(0))
        if spent > budget:
            return "over"
        if all(j in chosen or spent + ctx.cost_q[j] > budget for j in watched):
            return "exhaustive"
        return "go on"

    runs = 1
    base = evaluate(ctx, b0)
    first = verdict(base)
    if first != "go on":
        return Add1Result(base if first == "exhaustive" else None, 0, runs, first)
    k = 0
    span = 2  # how many increments the next certificate tries to cover
    fail: int | None = None  # a certificate from the current base failed at this k
    exact_cache: dict[Fraction, Run] = {}
    keep: dict[Fraction, Run] = {}
    while True:
        if max_steps is not None and k >= max_steps:
            return Add1Result(base, k, runs, "bound")
        b = b0 + (k + 1) * step
        if b in keep:
            m = 1
        elif fail is not None:
            m = (fail - k) // 2  # bisect between the base and the failure
        else:
            m = span
        if max_steps is not None:
            m = min(m, max_steps - k)
        if m > 1:
            runs += 1
            cand = _certify(ctx, base, b0 + (k + m) * step, exact_cache, keep, step)
            if cand is None:
                fail = k + m
            else:
                k, base = k + m, cand
                if fail is None:
                    span *= 2
            continue
        for old in [x for x in keep if x < b]:
            del keep[old]
        nxt = keep.pop(b, None)
        if nxt is None:
            runs += 1
            nxt = evaluate(ctx, b)
        k += 1
        v = verdict(nxt)
        if v == "over":
            return Add1Result(base, k, runs, v)
        if v == "exhaustive":
            return Add1Result(nxt, k, runs, v)
        base, fail, span = nxt, None, 2

"""Compile the numba kernels (the Method of Equal Shares' run, maximin support's maximum flow)
before anyone waits for them.

numba compiles a kernel on its first call (seconds: 14.8 s for a new user's first 6-ballot count
on a busy machine) and keeps the machine code on disk (`cache=True`, in the package's
`__pycache__`, or in NUMBA_CACHE_DIR when set). `make run` and `make test` run this module once,
and gunicorn's master runs `compile_kernels` before it forks workers, so no resident's or
staffer's request ever pays for compiling; a later process loads the cached code.

`python -m pb.domain.tally.warmup` prints which kernels it compiled or loaded.
"""

from __future__ import annotations

from fractions import Fraction

from pb.domain.election import Project, build_election


def compile_kernels() -> dict[str, str]:
    """Count a small election the way a real count calls the kernels; returns, per kernel
    called from Python, "loaded" (from the disk cache) or "compiled". (The price kernels in
    mes_prices are compiled into `run`, which calls them.)"""
    from pb.domain.tally import mes_kernels, min_cut
    from pb.domain.tally.maximin import maximin_support
    from pb.domain.tally.mes import equal_shares
    from pb.domain.tally.tiebreak import get_tie_break

    # Small, but add1 has to climb several increments, so that the certificate (refine) runs.
    projects = [Project(f"p{i}", Fraction(c)) for i, c in enumerate((40, 27, 19, 11, 8))]
    ballots = [["p0", "p1"], ["p1", "p2"], ["p2", "p3", "p4"], ["p0"], ["p3"], ["p4", "p0"]]
    election = build_election(60, projects, ballots)
    for utility in ("cost", "cardinality"):
        equal_shares(election, get_tie_break("id"), utility=utility, add1=True)
    maximin_support(election, get_tie_break("id"))
    return {
        name: "compiled" if kernel.stats.cache_misses else "loaded"
        for name, kernel in (("run", mes_kernels.run), ("max_flow", min_cut._max_flow))
    }


if __name__ == "__main__":
    for name, how in compile_kernels().items():
        print(f"numba kernel {name}: {how}")

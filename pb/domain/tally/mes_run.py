"""One run of the Method of Equal Shares at a given starting budget per voter.

The round structure is pabutools' `mes_inner_algo`: each round, every remaining project gets a
price factor rho (the smallest rho such that its supporters, each paying min(money left,
rho * utility), cover its cost); the project with the smallest rho is bought, ties go to the
tie-break order, unaffordable projects drop out, and the run ends when none is affordable.
Prices only rise during a run (money only falls), so a price computed in an earlier round is a
lower bound and projects are examined lazily in that order, as pabutools does.

Two arithmetics share this loop:
- `run_float`: float64 on the distinct-ballot rows, compiled (mes_kernels). Any decision whose
  margin is below a relative 1e-9 (a near tie in rho, a project that almost exactly fits) marks
  the run `uncertain`, and the caller repeats it exactly. Float errors here are around 1e-13,
  far inside that margin, whatever order the compiled loops add in.
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
from pb.domain.tally.mes_kernels import run

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

    @property
    def candidate_array(self) -> np.ndarray:
        return np.asarray(self.candidates, dtype=np.int64)


@dataclass
class Round:
    project: int
    rho: float | Fraction
    share: float  # the most one supporter paid
    min_pay: float  # the least a paying supporter paid
    payers: int  # supporters who still had money and paid
    tied: tuple[int, ...] = ()  # projects tied with it at the same rho (exact runs only)


@dataclass
class Run:
    budget: Fraction  # starting money per voter
    rounds: list[Round]
    money_left: np.ndarray  # float64 per row at the end
    exact: bool
    uncertain: bool = False  # float run met a decision too close to call
    certified: bool | None = None  # None without a reference
    ties: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)  # (round, tied projects)
    # Float runs: the winner's supporters' money just before round t is
    # before[before_ptr[t]:before_ptr[t + 1]] (what a certificate against this run needs).
    before_ptr: np.ndarray | None = None
    before: np.ndarray | None = None

    @property
    def sequence(self) -> list[int]:
        return [r.project for r in self.rounds]


def run_float(
    ctx: Context, b: Fraction, reference: Run | None = None, stop_early: bool = False
) -> Run:
    """The float run at b (compiled: mes_kernels.run). With a reference, a competitor q whose
    price at b2 = b does not clear the reference price is given a second chance before the
    certificate fails (`refine` in mes_kernels):

    Rows with money at b1 gain at least b - b1 by b (earlier shares only fall), so the winner's
    rho at b is at most its price with money(b1) + (b - b1) on those rows; rows with money at b
    have at least b2 - b more at b2, so q's rho at b is at least its price with
    max(0, money(b2) - (b2 - b)). Only whole increments are ever run, so only they are checked:
    a stretch of them at once (the winner's bound at its start against q's at its end), halved
    where that fails. A reference at a budget that is not a whole number of units below b gets
    no second chance.
    """
    t = ctx.table
    has_ref = reference is not None
    steps = -1
    if has_ref:
        gap = b - reference.budget
        if gap.denominator == 1:
            steps = int(gap)
        ref_proj = np.array(reference.sequence, dtype=np.int64)
        ref_rho = np.array([float(r.rho) for r in reference.rounds])
    else:
        ref_proj, ref_rho = _NO_INTS, _NO_FLOATS
    ref_ptr = reference.before_ptr if has_ref and reference.before_ptr is not None else _NO_INTS
    ref_before = reference.before if has_ref and reference.before is not None else _NO_FLOATS
    out = run(
        float(b),
        t.ptr,
        t.flat_rows,
        t.flat_weights,
        t.flat_wu,
        t.flat_eu,
        t.flat_eu_inv,
        t.num_rows,
        ctx.cost_f,
        ctx.util_f,
        t.total_util_f,
        ctx.init_rho,
        ctx.candidate_array,
        ref_proj,
        ref_rho,
        ref_ptr,
        ref_before,
        has_ref,
        has_ref and reference.before is not None,
        steps,
        stop_early,
        TOL,
    )
    n, proj, rhos, most, least, payers, before_ptr, before, money, uncertain, certified = out
    rounds = [
        Round(
            project=int(proj[r]),
            rho=float(rhos[r]),
            share=float(most[r]),
            min_pay=float(least[r]),
            payers=int(round(payers[r])),
        )
        for r in range(n)
    ]
    return Run(
        b,
        rounds,
        money,
        exact=False,
        uncertain=bool(uncertain),
        certified=bool(certified) if has_ref else None,
        before_ptr=before_ptr,
        before=before,
    )


_NO_INTS = np.zeros(0, dtype=np.int64)
_NO_FLOATS = np.zeros(0, dtype=np.float64)

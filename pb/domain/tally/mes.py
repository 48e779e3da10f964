"""The Method of Equal Shares (equalshares.net), exactly as pabutools' `method_of_equal_shares`.

- `utility="cost"`: a supporter's utility from a project is its cost (pabutools' `Cost_Sat`);
  `"cardinality"`: 1 (`Cardinality_Sat`); `"cost-sqrt"`: the square root of its cost
  (`Cost_Sqrt_Sat`); `"cost-log"`: the logarithm of 1 + its cost (`Cost_Log_Sat`). These are the
  same for every supporter of a project, so one run loop serves them all. No completion.
- `add1=True`: pabutools' `voter_budget_increment=1`: raise every voter's starting money by one
  currency unit at a time and keep the last outcome that fits the budget (see mes_add1).

What pabutools does that we match: every ballot, empty ones too, gets budget / ballots; a voter
supports every project named on their ballot, whatever the ballot kind (`project in ballot`, so
with `Cost_Sat` cumulative points and ordinal ranks are ignored); projects nobody names are never
funded; a supported project costing 0 is funded before the first round when it is worth
something to its supporters (cardinality utilities), and never under cost utilities (cost, its square
root, log of 1 + cost), where it is worth 0; ties in rho go to the
tie-break order. All decisions are exact (see mes_run); floats only speed up the clear ones.

A tie "decided" the outcome when buying another of the tied projects in that round (at the same
starting money) ends with different projects funded. For add1 this is judged on the final run;
ties met in the intermediate runs are not weighed.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.exhaustion import STEP, raise_note
from pb.domain.tally.mes_add1 import add1 as run_add1
from pb.domain.tally.mes_add1 import evaluate
from pb.domain.tally.mes_ballots import (
    PER_VOTER,
    entry_utilities,
    support_table,
    utilities,
    weighted_table,
)
from pb.domain.tally.mes_exact import run_exact
from pb.domain.tally.mes_explain import explain
from pb.domain.tally.mes_run import Context, Run
from pb.domain.tally.outcome import Outcome, tie_break_words
from pb.domain.tally.outcome import names as names_of
from pb.domain.tally.scores import project_scores
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Text


def build_context(election: Election, rank: np.ndarray, utility: str = "cost") -> Context:
    if utility in PER_VOTER:
        table = weighted_table(election, entry_utilities(election, utility))
        util_q = [Fraction(1)] * len(election.projects)
    else:
        table = support_table(election)
        util_q = utilities(election, utility)
    cost_f = np.array([float(p.cost) for p in election.projects], dtype=np.float64)
    util_f = np.array([float(u) for u in util_q], dtype=np.float64)
    counts = table.support_counts
    candidates = tuple(j for j, p in enumerate(election.projects) if counts[j] > 0 and p.cost > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        init_rho = np.where(counts > 0, cost_f / (table.total_util_f * util_f), np.inf)
    return Context(
        table=table,
        cost_q=[p.cost for p in election.projects],
        util_q=util_q,
        cost_f=cost_f,
        util_f=util_f,
        rank=np.asarray(rank),
        candidates=candidates,
        init_rho=init_rho,
    )


def equal_shares(
    election: Election,
    tie_break: TieBreak,
    *,
    utility: str = "cost",
    add1: bool = False,
    budget_increase: bool = False,
) -> Outcome:
    scores = project_scores(election)
    ctx = build_context(election, tie_break.rank(election, scores), utility)
    projects = election.projects
    counts = ctx.table.support_counts
    # pabutools funds a free project before the first round only when its supporters gain
    # something from it: under cost utilities (Cost_Sat) a project costing 0 is worth 0 to them,
    # so it is never funded.
    free = [
        j for j, p in enumerate(projects) if counts[j] > 0 and p.cost == 0 and ctx.util_q[j] > 0
    ]
    run: Run | None = None
    raised, stop = election.budget, "exhaustive"
    if ctx.table.num_ballots > 0:
        n = ctx.table.num_ballots
        b0 = election.budget / n
        fixed = sum((projects[j].cost for j in free), Fraction(0))
        if budget_increase:
            # pabutools' exhaustion_by_budget_increase: the budget grows by 1% a step, up to
            # (voters + 1) times itself; every project not funded for free counts as "fitting".
            step = election.budget * STEP / n
            watch = tuple(j for j in range(len(projects)) if j not in free)
            found = run_add1(
                ctx, b0, election.budget, fixed, step=step, watch=watch, max_steps=100 * n
            )
            run, stop = found.run, found.stop
            raised = run.budget * n if run is not None else election.budget
        elif add1:
            run = run_add1(ctx, b0, election.budget, fixed).run
        else:
            run = evaluate(ctx, b0)
    else:
        free = []  # pabutools returns the empty allocation when nobody voted
    sequence = run.sequence if run is not None else []
    decided, tie_notes = _weigh_ties(ctx, run, tie_break, election)
    selected = [projects[j].id for j in free + sequence]
    name = _rule_name(utility, add1)
    why = explain(election, ctx, run, free)
    if budget_increase:
        name = name + "/budget-increase"
        extra = raise_note(election.budget, raised, stop)
        why = {pid: text + extra for pid, text in why.items()}
    return Outcome(
        rule=name,
        tie_break=tie_break.name,
        budget=election.budget,
        selected=tuple(selected),
        spent=sum((projects[j].cost for j in free + sequence), Fraction(0)),
        scores={p.id: Fraction(int(s)) for p, s in zip(projects, scores, strict=True)},
        explanations=why,
        tie_decided=decided,
        ties=tuple(tie_notes),
    )


def _rule_name(utility: str, add1: bool) -> str:
    if utility == "cost":
        return "equalshares" + ("/add1" if add1 else "")
    if utility == "cardinality":
        return "equalshares" + ("/add1" if add1 else "") + "/cardinality"
    return f"equalshares/{utility}" + ("/add1" if add1 else "")


def _weigh_ties(
    ctx: Context, run: Run | None, tie_break: TieBreak, election: Election
) -> tuple[bool, list[Text]]:
    if run is None or not run.ties:
        return False, []
    ids = [p.id for p in election.projects]
    chosen = set(run.sequence)
    decided = False
    notes = []
    for r, tied in run.ties:
        winner = run.rounds[r].project
        changes = any(
            set(run_exact(ctx, run.budget, force={r: alt}).sequence) != chosen
            for alt in tied
            if alt != winner
        )
        names = [ids[j] for j in tied]
        if changes and tie_break.refuses:
            raise TieUnresolved(names, f"in round {r + 1} of the Method of Equal Shares")
        decided |= changes
        effect = (
            N_(
                "Round %(round)s: %(projects)s were equally good value for their supporters. "
                "The tie-break (%(tie_break)s) chose %(chosen)s, and this changed which "
                "projects are funded."
            )
            if changes
            else N_(
                "Round %(round)s: %(projects)s were equally good value for their supporters. "
                "The tie-break (%(tie_break)s) chose %(chosen)s; this did not change which "
                "projects are funded, only their order."
            )
        )
        notes.append(
            Text(
                effect,
                {
                    "round": r + 1,
                    "projects": names_of(election.projects, list(tied)),
                    "tie_break": tie_break_words(tie_break.name),
                    "chosen": names_of(election.projects, [winner]),
                },
            )
        )
    return decided, notes

"""Any budget-limited rule made to use up the money: pabutools' `exhaustion_by_budget_increase`.

The rule is rerun with the budget raised by 1% of the real budget at a time (pabutools' default
`budget_step`), up to the budget times (voters + 1) (its default `budget_bound`). The first
outcome that leaves no project fitting in the real budget is kept; if a raise funds more than
the real budget, the outcome of the raise before is kept (at the start: nothing funded). Every
project counts for "fitting", voted for or not, as pabutools' `Instance.is_exhaustive` does.

MES's add1 (mes_add1) is the same idea with a raise of one currency unit per voter, and its
own stopping test (only projects that someone voted for); rules that fund until nothing fits
(greedy, maximin support, max-welfare) gain nothing from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

from pb.domain.election import Election
from pb.domain.tally.outcome import Outcome
from pb.domain.tally.tiebreak import TieBreak
from pb.domain.text import N_, Money, Text

STEP = Fraction(1, 100)


def with_budget(election: Election, budget: Fraction) -> Election:
    text = str(budget.numerator) if budget.denominator == 1 else str(budget)
    return replace(election, meta={**election.meta, "budget": text})


def _spent(election: Election, outcome: Outcome) -> Fraction:
    cost = {p.id: p.cost for p in election.projects}
    return sum((cost[pid] for pid in outcome.selected), Fraction(0))


def _exhaustive(election: Election, outcome: Outcome, spent: Fraction) -> bool:
    chosen = set(outcome.selected)
    left = election.budget - spent
    return all(p.id in chosen or p.cost > left for p in election.projects)


def raise_note(budget: Fraction, raised: Fraction, why: str) -> Text | str:
    """What residents read after each project's explanation when the budget was raised."""
    if raised == budget:
        return ""
    percent = (raised - budget) / budget * 100
    template = {
        "over": N_(
            " (Counted as if the budget were %(raised)s, %(percent)s%% more than the real "
            "%(budget)s: the budget is raised 1%% at a time and one more step would fund more "
            "than the real budget.)"
        ),
        "exhaustive": N_(
            " (Counted as if the budget were %(raised)s, %(percent)s%% more than the real "
            "%(budget)s: the budget is raised 1%% at a time until no other project fits in the "
            "real budget.)"
        ),
        "bound": N_(
            " (Counted as if the budget were %(raised)s, %(percent)s%% more than the real "
            "%(budget)s: the budget is raised 1%% at a time up to its limit.)"
        ),
    }[why]
    return Text(
        template, {"raised": Money(raised), "percent": Money(percent), "budget": Money(budget)}
    )


def by_budget_increase(rule: Callable[..., Outcome], name: str) -> Callable[..., Outcome]:
    def run(election: Election, tie_break: TieBreak, **options) -> Outcome:
        return exhaust(rule, name, election, tie_break, **options)

    return run


def exhaust(
    rule: Callable[..., Outcome], name: str, election: Election, tie_break: TieBreak, **options
) -> Outcome:
    budget = election.budget
    step = budget * STEP
    bound = budget * (election.profile.num_voters + 1)
    previous: tuple[Outcome, Fraction] | None = None
    raised = budget
    while raised <= bound:
        outcome = rule(with_budget(election, raised), tie_break, **options)
        spent = _spent(election, outcome)
        if spent > budget:
            return _finish(election, name, previous, "over", outcome)
        if _exhaustive(election, outcome, spent) or step == 0:
            return _finish(election, name, (outcome, raised), "exhaustive", outcome)
        previous = (outcome, raised)
        raised += step
    return _finish(election, name, previous, "bound", None)


def _finish(
    election: Election,
    name: str,
    kept: tuple[Outcome, Fraction] | None,
    why: str,
    last: Outcome | None,
) -> Outcome:
    budget = election.budget
    if kept is None:
        # Even the real budget funds too much: cannot happen with a rule that keeps to its
        # budget, but pabutools returns the empty outcome then, and so do we.
        assert last is not None
        return replace(
            last,
            rule=name,
            budget=budget,
            selected=(),
            spent=Fraction(0),
            explanations={p.id: Text(N_("Not funded.")) for p in election.projects},
        )
    outcome, raised = kept
    spent = _spent(election, outcome)
    note = raise_note(budget, raised, why)
    return replace(
        outcome,
        rule=name,
        budget=budget,
        spent=spent,
        explanations={pid: text + note for pid, text in outcome.explanations.items()},
    )

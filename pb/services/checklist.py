"""What must be settled before a cycle's vote opens. Each check is a function of the cycle that
returns the problems it finds; opening is refused while any remain, and the cycle overview and
the open-voting confirmation list them. A new check (missing translations, say) is one more
function in CHECKS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pb.domain.text import N_, Money, Text
from pb.models import Budget, Cycle, Project


@dataclass(frozen=True)
class Blocker:
    text: Text
    budget_id: int | None = None  # the budget to fix, for a link
    project_id: int | None = None


Check = Callable[[Cycle], list[Blocker]]


def no_budgets(cycle: Cycle) -> list[Blocker]:
    if cycle.budgets:
        return []
    return [Blocker(Text(N_("Add at least one budget before opening the vote.")))]


def budgets_without_projects(cycle: Cycle) -> list[Blocker]:
    return [
        Blocker(Text(N_("The budget %(budget)s has no projects yet."), {"budget": b.name}), b.id)
        for b in cycle.budgets
        if not b.projects
    ]


def knapsack_projects_dearer_than_budget(cycle: Cycle) -> list[Blocker]:
    """On a knapsack ballot a project dearer than what a ballot may spend can never be picked."""
    found = []
    for b in cycle.budgets:
        if b.ballot_kind != "knapsack":
            continue
        limit = ballot_limit(b)
        for p in b.projects:
            if p.cost is not None and Decimal(p.cost) > limit:
                found.append(Blocker(dearer_text(p, limit), b.id, p.id))
    return found


def missing_translations(cycle: Cycle) -> list[Blocker]:
    """Residents read the cycle in each of its languages: every text needs each of them."""
    from pb.services.texts import missing_translations as missing

    found = missing(cycle)
    if not found:
        return []
    languages = ", ".join(sorted({m.lang for m in found}))
    return [
        Blocker(
            Text(
                N_("%(count)s texts still need a translation (%(languages)s): see Texts."),
                {"count": len(found), "languages": languages},
            )
        )
    ]


CHECKS: list[Check] = [
    no_budgets,
    budgets_without_projects,
    knapsack_projects_dearer_than_budget,
    missing_translations,
]


def blockers(cycle: Cycle) -> list[Blocker]:
    return [found for check in CHECKS for found in check(cycle)]


def ballot_limit(budget: Budget) -> Decimal:
    if budget.ballot_kind == "knapsack" and budget.max_sum_cost:
        return Decimal(budget.max_sum_cost)
    return Decimal(budget.amount)


def dearer_text(project: Project, limit: Decimal) -> Text:
    budget = project.budget
    return Text(
        N_("%(project)s costs %(cost)s, more than the %(amount)s of the budget %(budget)s."),
        {
            "project": project.title,
            "cost": Money(Decimal(project.cost), budget.currency),
            "amount": Money(limit, budget.currency),
            "budget": budget.name,
        },
    )


def cost_warning(project: Project) -> Text | None:
    """Said when a project is saved dearer than its budget, whatever the ballot kind: under a
    knapsack ballot it also blocks opening; under the others it can only win alone."""
    limit = ballot_limit(project.budget)
    if project.cost is None or Decimal(project.cost) <= limit:
        return None
    return dearer_text(project, limit)

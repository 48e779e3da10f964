"""What anyone may browse: the cycles, a cycle's projects by category and district, a project,
and the published results. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from pb.domain.tally import RULES
from pb.domain.tally.outcome import text_from_json
from pb.domain.tally.rule_titles import rule_title
from pb.domain.text import Text
from pb.extensions import db
from pb.models import Budget, Count, Cycle, Project
from pb.services.tallying import ResultRow, latest_counts, result_rows


def cycles() -> list[Cycle]:
    """Every cycle, newest first."""
    return list(db.session.scalars(select(Cycle).order_by(Cycle.created_at.desc())))


def find_cycle(slug: str) -> Cycle | None:
    return db.session.scalar(select(Cycle).filter_by(slug=slug))


def project_in(cycle: Cycle, project_id: int) -> Project | None:
    project = db.session.get(Project, project_id)
    return project if project is not None and project.budget.cycle_id == cycle.id else None


def district_of(project: Project) -> str:
    return project.district or project.budget.district


@dataclass(frozen=True)
class Catalogue:
    """A cycle's projects as the filters leave them, and the choices the filters offer."""

    shown: dict[int, list[Project]]  # budget id -> the projects that pass the filters
    categories: list[str]
    districts: list[str]
    filtered: bool


def catalogue(cycle: Cycle, category: str = "", district: str = "") -> Catalogue:
    projects = [p for b in cycle.budgets for p in b.projects]
    shown = {
        b.id: [
            p
            for p in b.projects
            if (not category or p.category == category)
            and (not district or district_of(p) == district)
        ]
        for b in cycle.budgets
    }
    return Catalogue(
        shown=shown,
        categories=sorted({p.category for p in projects if p.category}),
        districts=sorted({district_of(p) for p in projects if district_of(p)}),
        filtered=bool(category or district),
    )


@dataclass(frozen=True)
class BudgetResult:
    budget: Budget
    count: Count
    rows: list[ResultRow]
    top: Fraction | int  # the highest score (1 when all are 0): the bars' full width
    data: dict[str, Any]  # the count's details (spent, left, ...)
    ties: list[Text | str]  # each tie the count met, in plain words
    rule_title: Text  # the rule's plain name
    rule_description: Text | None  # its one-line explanation


def published_results(cycle: Cycle) -> list[BudgetResult]:
    """Each budget with a published count, in the cycle's budget order."""
    counts = latest_counts(cycle, published=True)
    results = []
    for budget in cycle.budgets:
        count = counts.get(budget.id)
        if count is None:
            continue
        rows = result_rows(budget, count)
        top = max((r.score for r in rows), default=0) or 1
        data = count.data
        spec = RULES.get(count.rule)
        results.append(
            BudgetResult(
                budget,
                count,
                rows,
                top,
                data,
                ties=[text_from_json(t, budget.currency) for t in data.get("ties", [])],
                rule_title=rule_title(count.rule),
                rule_description=spec.description if spec else None,
            )
        )
    return results


@dataclass(frozen=True)
class ProjectOutcome:
    funded: bool
    explanation: Text | str


def project_outcome(project: Project) -> ProjectOutcome | None:
    """Whether a project was funded, once its budget's count is published (None before)."""
    budget = project.budget
    count = latest_counts(budget.cycle, published=True).get(budget.id)
    if count is None:
        return None
    data = count.data
    key = str(project.id)
    return ProjectOutcome(
        funded=key in data.get("selected", []),
        explanation=text_from_json(data.get("explanations", {}).get(key, ""), budget.currency),
    )

"""What the read-only JSON API (`/api/v1`) answers, as plain JSON-ready dicts. Results (scores,
funded projects, explanations) only once published: before that `results` is None and the API
answers 404, so no count is visible while voting is open."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from pb.domain.phases import Phase
from pb.models import Cycle
from pb.services import browsing, exports
from pb.services.phases import dates


def number(x: Decimal | Fraction | int | float) -> int | float:
    value = Fraction(str(x)) if isinstance(x, Decimal | float) else Fraction(x)
    return int(value) if value.denominator == 1 else float(value)


def _time(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def cycle_summary(cycle: Cycle, link) -> dict[str, Any]:
    published = exports.published_counts(cycle) is not None
    return {
        "slug": cycle.slug,
        "name": cycle.name,
        "phase": cycle.current_phase.value,
        "results_published": published,
        "links": {
            "self": link("api.cycle", slug=cycle.slug),
            "results": link("api.results", slug=cycle.slug) if published else None,
        },
    }


def cycles(link) -> dict[str, Any]:
    return {"cycles": [cycle_summary(c, link) for c in browsing.cycles()]}


def cycle_detail(cycle: Cycle, link) -> dict[str, Any]:
    schedule = dates(cycle)
    return {
        **cycle_summary(cycle, link),
        "description": cycle.description,
        "phases": [
            {
                "phase": p.value,
                "label": p.label,
                "current": p is cycle.current_phase,
                "starts_at": _time(schedule[p].starts) if p in schedule else None,
                "ends_at": _time(schedule[p].ends) if p in schedule else None,
            }
            for p in Phase
        ],
        "budgets": [
            {
                "id": b.id,
                "name": b.name,
                "district": b.district,
                "amount": number(b.amount),
                "currency": b.currency,
                "ballot_kind": b.ballot_kind,
                "rule": b.rule,
                "tie_break": b.tie_break,
                "projects": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "summary": p.summary,
                        "cost": number(p.cost),
                        "category": p.category,
                        "district": p.district or b.district,
                    }
                    for p in b.projects
                ],
            }
            for b in cycle.budgets
        ],
    }


def results(cycle: Cycle, link) -> dict[str, Any] | None:
    if exports.published_counts(cycle) is None:
        return None
    out = []
    for r in browsing.published_results(cycle):
        b = r.budget
        out.append(
            {
                "id": b.id,
                "name": b.name,
                "ballots": r.count.ballots,
                "rule": r.count.rule,
                "tie_break": r.count.tie_break,
                "amount": number(b.amount),
                "currency": b.currency,
                "spent": number(r.data.get("spent", 0)),
                "left": number(r.data.get("left", 0)),
                "ties": [str(t) for t in r.ties],
                "projects": [
                    {
                        "id": row.project_id,
                        "title": row.title,
                        "cost": number(row.cost),
                        "score": number(row.score),
                        "selected": row.selected,
                        "funding_order": row.funding_order,
                        "explanation": str(row.explanation),
                    }
                    for row in r.rows
                ],
                "exports": {
                    "ballots_csv": link(
                        "public.budget_ballots", slug=cycle.slug, budget_id=b.id, ext="csv"
                    ),
                    "ballots_pb": link(
                        "public.budget_ballots", slug=cycle.slug, budget_id=b.id, ext="pb"
                    ),
                    "projects_csv": link("public.budget_projects", slug=cycle.slug, budget_id=b.id),
                },
            }
        )
    return {
        "slug": cycle.slug,
        "name": cycle.name,
        "budgets": out,
        "exports": {
            "zip": link("public.export_zip", slug=cycle.slug),
            "recount": link("public.recount_zip", slug=cycle.slug),
        },
    }

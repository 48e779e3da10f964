"""Staff use cases for cycles, budgets and projects, and opening and closing the vote.

Once voting has opened, budgets, ballot settings, costs and the project list are frozen: an
attempt is refused, and the refusal itself goes into the audit log. Every change is audited.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from pb.domain.ballots import get_kind
from pb.domain.phases import Phase, is_frozen
from pb.domain.zones import is_zone
from pb.extensions import db
from pb.models import Budget, Cycle, Project, User
from pb.models.audit import record
from pb.services import checklist, counting_keys
from pb.services.errors import Conflict, Refused, said, transaction
from pb.services.voting import rules_of

CYCLE_FIELDS = ("name", "slug", "description", "time_zone", "languages", "default_language")
BUDGET_FIELDS = (
    "name",
    "district",
    "amount",
    "currency",
    "position",
    "ballot_kind",
    "min_picks",
    "max_picks",
    "max_sum_cost",
    "total_points",
    "max_points_per_project",
    "rule",
    "tie_break",
    "min_score",
)
# The column defaults apply only at INSERT; the checks run before it.
BUDGET_DEFAULTS = {
    "district": "",
    "currency": "EUR",
    "position": 0,
    "ballot_kind": "approval",
    "rule": "greedy",
    "tie_break": "id",
}
PROJECT_FIELDS = (
    "title",
    "summary",
    "description",
    "cost",
    "category",
    "district",
    "location",
    "image",
    "position",
)


def _pick(fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
    return fields


def _changes(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [getattr(obj, k), v] for k, v in fields.items() if getattr(obj, k) != v}


def refuse_frozen(actor: User | None, cycle: Cycle, action: str, target: str) -> None:
    """Roll back, audit the refused attempt, and raise Refused."""
    db.session.rollback()
    record(actor, "refused", target, attempted=action, phase=cycle.phase)
    db.session.commit()
    raise Conflict(
        _(
            "%(cycle)s is in the %(phase)s phase: budgets, ballot settings, costs and projects "
            "are frozen since voting opened. Nothing was changed.",
            cycle=cycle.name,
            phase=cycle.current_phase.label,
        )
    )


def _guard(actor: User | None, cycle: Cycle, action: str, target: str) -> None:
    if is_frozen(cycle.current_phase):
        refuse_frozen(actor, cycle, action, target)


# --- cycles -----------------------------------------------------------------------------------


def _check_cycle(fields: dict[str, Any], cycle: Cycle | None = None) -> None:
    zone = fields.get("time_zone")
    if zone is not None and not is_zone(zone):
        raise Refused(_("Choose a time zone from the list."), "time_zone")
    languages = fields.get("languages", cycle.languages if cycle else "en").split(",")
    default = fields.get("default_language", cycle.default_language if cycle else "en")
    if default not in languages:
        raise Refused(
            _("The language the cycle is written in must be one it shows."), "default_language"
        )


def create_cycle(actor: User | None, **fields: Any) -> Cycle:
    _pick(fields, CYCLE_FIELDS)
    _check_cycle(fields)
    with transaction():
        _check_slug(fields.get("slug", ""))
        cycle = Cycle(**fields)
        db.session.add(cycle)
        db.session.flush()
        record(actor, "cycle.create", f"cycle:{cycle.slug}", **fields)
    return cycle


def update_cycle(actor: User | None, cycle: Cycle, **fields: Any) -> Cycle:
    _pick(fields, CYCLE_FIELDS)
    _check_cycle(fields, cycle)
    with transaction():
        if "slug" in fields and fields["slug"] != cycle.slug:
            _check_slug(fields["slug"])
        changes = _changes(cycle, fields)
        for k, v in fields.items():
            setattr(cycle, k, v)
        record(actor, "cycle.update", f"cycle:{cycle.slug}", **changes)
    return cycle


def _check_slug(slug: str) -> None:
    if not slug or not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug):
        raise Refused(_("Use letters, digits and dashes only, e.g. city-2025."), "slug")
    if db.session.scalar(db.select(Cycle.id).filter_by(slug=slug)) is not None:
        raise Refused(_("Another cycle uses the address %(slug)s already.", slug=slug), "slug")


# --- budgets ----------------------------------------------------------------------------------


# Rules that need settings the budget form does not have (a score threshold, groups of
# projects that exclude each other) are left out of the platform's choice.
NEEDS_OPTIONS = ("greedy-exclusive",)


def usable_rules() -> dict:
    """Counting rule name -> spec (with .description and .supports(vote_type))."""
    from pb.domain.tally import RULES

    return {name: spec for name, spec in RULES.items() if name not in NEEDS_OPTIONS}


def _check_budget(budget: Budget) -> None:
    from pb.domain.tally import RULES
    from pb.domain.tally.tiebreak import TIE_BREAKS

    if budget.amount is None or budget.amount <= 0:
        raise Refused(_("The amount must be more than zero."), "amount")
    if budget.max_sum_cost is not None and budget.max_sum_cost <= 0:
        raise Refused(_("The money a ballot may spend must be more than zero."), "max_sum_cost")
    try:
        kind = get_kind(budget.ballot_kind)
    except ValueError as e:
        raise Refused(str(e), "ballot_kind") from None
    problems = kind.settings_problems(rules_of(budget), len(budget.projects))
    if problems:
        raise Refused(" ".join(problems), "ballot_kind")
    if budget.rule not in usable_rules():
        raise Refused(_("Unknown counting rule %(rule)s.", rule=budget.rule), "rule")
    if not RULES[budget.rule].supports(kind.vote_type):
        raise Refused(
            _(
                "The rule %(rule)s does not count %(kind)s ballots; choose another rule.",
                rule=budget.rule,
                kind=kind.name,
            ),
            "rule",
        )
    if budget.rule == "greedy-threshold" and not (budget.min_score and budget.min_score > 0):
        raise Refused(_("This rule needs a minimum score above zero."), "min_score")
    if budget.tie_break not in TIE_BREAKS:
        raise Refused(_("Unknown tie-break %(name)s.", name=budget.tie_break), "tie_break")
    clash = db.session.scalar(
        db.select(Budget.id).where(
            Budget.cycle_id == budget.cycle_id, Budget.name == budget.name, Budget.id != budget.id
        )
    )
    if clash is not None:
        raise Refused(
            _("This cycle has a budget called %(budget)s already.", budget=budget.name), "name"
        )


def create_budget(actor: User | None, cycle: Cycle, **fields: Any) -> Budget:
    _pick(fields, BUDGET_FIELDS)
    _guard(actor, cycle, "budget.create", f"cycle:{cycle.slug}")
    fields = {**BUDGET_DEFAULTS, **fields}
    with transaction():
        budget = Budget(cycle=cycle, **fields)
        db.session.add(budget)
        with db.session.no_autoflush:
            _check_budget(budget)
        db.session.flush()
        record(actor, "budget.create", f"budget:{budget.id}", **fields)
    return budget


def _update(actor: User | None, row: Any, cycle: Cycle, kind: str, fields: dict, check) -> None:
    """Guard the frozen ballot, apply and check the changes, audit them: one transaction."""
    _guard(actor, cycle, f"{kind}.update", f"{kind}:{row.id}")
    with transaction():
        changes = _changes(row, fields)
        with db.session.no_autoflush:
            for k, v in fields.items():
                setattr(row, k, v)
            check(row)
        record(actor, f"{kind}.update", f"{kind}:{row.id}", **changes)


def update_budget(actor: User | None, budget: Budget, **fields: Any) -> Budget:
    _pick(fields, BUDGET_FIELDS)
    _update(actor, budget, budget.cycle, "budget", fields, _check_budget)
    return budget


def delete_budget(actor: User | None, budget: Budget) -> None:
    _guard(actor, budget.cycle, "budget.delete", f"budget:{budget.id}")
    with transaction():
        record(actor, "budget.delete", f"budget:{budget.id}", name=budget.name)
        db.session.delete(budget)


# --- projects ---------------------------------------------------------------------------------


def _check_project(project: Project) -> None:
    if not (project.title or "").strip():
        raise Refused(_("Every project needs a title."), "title")
    if project.cost is None or Decimal(project.cost) <= 0:
        raise Refused(_("The cost must be more than zero."), "cost")


def create_project(actor: User | None, budget: Budget, **fields: Any) -> Project:
    _pick(fields, PROJECT_FIELDS)
    _guard(actor, budget.cycle, "project.create", f"budget:{budget.id}")
    with transaction():
        project = Project(budget=budget, **fields)
        _check_project(project)
        db.session.add(project)
        db.session.flush()
        record(actor, "project.create", f"project:{project.id}", budget=budget.id, **fields)
    return project


def update_project(actor: User | None, project: Project, **fields: Any) -> Project:
    _pick(fields, PROJECT_FIELDS)
    _update(actor, project, project.budget.cycle, "project", fields, _check_project)
    return project


def delete_project(actor: User | None, project: Project) -> None:
    _guard(actor, project.budget.cycle, "project.delete", f"project:{project.id}")
    with transaction():
        record(actor, "project.delete", f"project:{project.id}", title=project.title)
        db.session.delete(project)


# --- the vote ---------------------------------------------------------------------------------


def open_voting(actor: User | None, cycle: Cycle, key_dir: str | Path) -> None:
    """Open the vote. Under server custody this creates the counting key (its private half in a
    file under `key_dir`); under trustee custody the trustees must have confirmed their shares."""
    if cycle.current_phase not in (Phase.IDEAS, Phase.PROPOSALS):
        raise Refused(
            _(
                "Voting can only open before it has started; %(cycle)s is in the %(phase)s phase.",
                cycle=cycle.name,
                phase=cycle.current_phase.label,
            )
        )
    problem = counting_keys.opening_problem(cycle)
    if problem:
        raise Conflict(problem)
    with transaction():
        found = checklist.blockers(cycle)
        if found:
            raise Refused(" ".join(said(b.text) for b in found))
        for b in cycle.budgets:
            _check_budget(b)
        counting_keys.ensure_server_key(actor, cycle, key_dir)
        before = cycle.phase
        cycle.phase = Phase.VOTING.value
        record(actor, "voting.open", f"cycle:{cycle.slug}", phase=[before, cycle.phase])


def close_voting(actor: User | None, cycle: Cycle) -> None:
    if cycle.current_phase is not Phase.VOTING:
        raise Refused(
            _(
                "Voting is not open; %(cycle)s is in the %(phase)s phase.",
                cycle=cycle.name,
                phase=cycle.current_phase.label,
            )
        )
    with transaction():
        cycle.phase = Phase.COUNTING.value
        record(actor, "voting.close", f"cycle:{cycle.slug}", phase=["voting", "counting"])


# --- reading ----------------------------------------------------------------------------------


def all_cycles() -> list[Cycle]:
    """Every cycle, newest first (the staff home)."""
    return list(db.session.scalars(db.select(Cycle).order_by(Cycle.created_at.desc())))


def projects_of(cycle: Cycle) -> list[Project]:
    """The cycle's ballot projects in ballot order: budget by budget, then project order."""
    return list(
        db.session.scalars(
            db.select(Project)
            .join(Budget)
            .where(Budget.cycle_id == cycle.id)
            .order_by(Budget.position, Project.position, Project.id)
        )
    )

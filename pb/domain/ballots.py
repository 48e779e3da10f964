"""Ballot kinds and their rules, checked on the server for every submitted ballot.

A registry, not an if-chain: each kind reads a submitted form into a selection, checks it against
the budget's settings and says what the voter must do, in words a resident understands. A
selection maps project id -> 1 (approval, knapsack), the rank (ranked) or the points
(cumulative). Problems name the project they concern so that the page shows them beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

from pb.domain.money import format_money as money

Selection = dict[str, int]
Form = Mapping[str, Sequence[str]]
# Project id -> cost, exact (Fraction, Decimal or int). Checks convert only the costs they add
# up: a ballot names a few projects of many, and this runs for every ballot cast.
Costs = Mapping[str, Fraction | Decimal | int]


@dataclass(frozen=True)
class BallotRules:
    """A budget's ballot settings. `limit` is the money a knapsack ballot may spend."""

    kind: str
    limit: Fraction = Fraction(0)
    currency: str = ""
    min_picks: int | None = None
    max_picks: int | None = None
    total_points: int | None = None
    max_points_per_project: int | None = None


def ballot_rules(
    kind: str,
    amount: Fraction | Decimal | int,
    currency: str = "",
    *,
    max_sum_cost: Fraction | Decimal | int | None = None,
    min_picks: int | None = None,
    max_picks: int | None = None,
    total_points: int | None = None,
    max_points_per_project: int | None = None,
) -> BallotRules:
    """The rules of a budget's ballot from its settings. A ballot may spend the budget's whole
    `amount` unless `max_sum_cost` sets a different limit (the same rule when voting and
    counting)."""
    limit = max_sum_cost if max_sum_cost is not None else amount
    return BallotRules(
        kind=kind,
        limit=Fraction(str(limit)),
        currency=currency,
        min_picks=min_picks,
        max_picks=max_picks,
        total_points=total_points,
        max_points_per_project=max_points_per_project,
    )


@dataclass(frozen=True)
class Problem:
    message: str
    project_id: str | None = None


class BallotInvalid(ValueError):
    def __init__(self, problems: list[Problem], selection: Selection):
        self.problems = problems
        self.selection = selection
        super().__init__("; ".join(p.message for p in problems))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class BallotKind:
    name: ClassVar[str]
    label: ClassVar[str]
    vote_type: ClassVar[str]  # the pabulib vote_type the tally engine receives

    def parse(self, form: Form) -> tuple[Selection, list[Problem]]:
        """Checkbox ballots: every ticked `project` counts once."""
        return {pid: 1 for pid in dict.fromkeys(form.get("project", ())) if pid}, []

    def check(self, rules: BallotRules, costs: Costs, sel: Selection) -> list[Problem]:
        raise NotImplementedError

    def instructions(self, rules: BallotRules, n_projects: int) -> str:
        raise NotImplementedError

    def settings_problems(self, rules: BallotRules, n_projects: int) -> list[str]:
        return _picks_settings(rules)


def _picks_settings(rules: BallotRules) -> list[str]:
    problems = []
    for name in ("min_picks", "max_picks"):
        value = getattr(rules, name)
        if value is not None and value < 1:
            problems.append(f"{name.replace('_', ' ').capitalize()} must be at least 1.")
    if rules.min_picks and rules.max_picks and rules.min_picks > rules.max_picks:
        problems.append("The minimum number of picks is larger than the maximum.")
    return problems


def _count_problems(rules: BallotRules, n: int, verb: str = "choose") -> list[Problem]:
    least = max(rules.min_picks or 1, 1)
    if n < least:
        return [Problem(f"Please {verb} at least {_plural(least, 'project')}; you chose {n}.")]
    if rules.max_picks is not None and n > rules.max_picks:
        return [
            Problem(f"You may {verb} at most {_plural(rules.max_picks, 'project')}; you chose {n}.")
        ]
    return []


def _foreign(costs: Costs, sel: Selection) -> list[Problem]:
    return [
        Problem(f"Project {pid!r} is not on this ballot.", pid) for pid in sel if pid not in costs
    ]


class Approval(BallotKind):
    name = "approval"
    label = "Approval: tick the projects you support"
    vote_type = "approval"

    def check(self, rules, costs, sel):
        return _foreign(costs, sel) or _count_problems(rules, len(sel))

    def instructions(self, rules, n_projects):
        least, most = max(rules.min_picks or 1, 1), rules.max_picks
        if most is None:
            return f"Tick every project you support (at least {least})."
        if least == most:
            return f"Tick exactly {_plural(most, 'project')}."
        return f"Tick between {least} and {most} projects."


class Knapsack(BallotKind):
    name = "knapsack"
    label = "Knapsack: pick projects whose total cost fits the budget"
    vote_type = "approval"

    def check(self, rules, costs, sel):
        problems = _foreign(costs, sel) or _count_problems(rules, len(sel))
        if problems:
            return problems
        total = sum((Fraction(costs[pid]) for pid in sel), Fraction(0))
        if total > rules.limit:
            over = money(total - rules.limit, rules.currency)
            return [
                Problem(
                    f"Your choices cost {money(total, rules.currency)}, {over} more than the "
                    f"{money(rules.limit, rules.currency)} available. Please remove a project."
                )
            ]
        return []

    def instructions(self, rules, n_projects):
        return (
            f"Pick the projects you want, up to a total cost of "
            f"{money(rules.limit, rules.currency)}."
        )

    def settings_problems(self, rules, n_projects):
        problems = _picks_settings(rules)
        if rules.limit <= 0:
            problems.append("The money a ballot may spend must be more than zero.")
        return problems


def _integers(form: Form, prefix: str, what: str) -> tuple[Selection, list[Problem]]:
    sel: Selection = {}
    problems: list[Problem] = []
    for key, values in form.items():
        if not key.startswith(prefix):
            continue
        pid = key[len(prefix) :]
        text = (values[-1] if values else "").strip()
        if not text:
            continue
        try:
            value = int(text)
        except ValueError:
            problems.append(Problem(f"The {what} must be a whole number, not {text!r}.", pid))
            continue
        if value < 0:
            problems.append(Problem(f"The {what} cannot be negative.", pid))
            continue
        if value:
            sel[pid] = value
    return sel, problems


class Ranked(BallotKind):
    name = "ranked"
    label = "Ranked: number your favourite projects 1, 2, 3..."
    vote_type = "ordinal"

    def parse(self, form):
        return _integers(form, "rank-", "rank")

    def check(self, rules, costs, sel):
        problems = _foreign(costs, sel) or _count_problems(rules, len(sel), "rank")
        if problems:
            return problems
        most = rules.max_picks or len(costs)
        for pid, rank in sel.items():
            if rank > most:
                problems.append(Problem(f"Ranks go from 1 to {most}; {rank} is too high.", pid))
        seen: dict[int, list[str]] = {}
        for pid, rank in sel.items():
            seen.setdefault(rank, []).append(pid)
        for rank, pids in sorted(seen.items()):
            if len(pids) > 1:
                problems.extend(
                    Problem(f"Rank {rank} is given to more than one project.", pid) for pid in pids
                )
        if not problems:
            missing = [r for r in range(1, len(sel) + 1) if r not in seen]
            if missing:
                problems.append(
                    Problem(
                        f"Rank {missing[0]} is missing: number your choices 1, 2, 3... "
                        "without gaps."
                    )
                )
        return problems

    def instructions(self, rules, n_projects):
        most = min(rules.max_picks or n_projects, n_projects)
        return (
            f"Number your favourite projects from 1 (best) up to {most}. "
            "Each number once; leave the others empty."
        )


class Cumulative(BallotKind):
    name = "cumulative"
    label = "Cumulative: distribute points among projects"
    vote_type = "cumulative"

    def parse(self, form):
        return _integers(form, "points-", "number of points")

    def check(self, rules, costs, sel):
        problems = _foreign(costs, sel)
        if problems:
            return problems
        cap = rules.max_points_per_project
        if cap is not None:
            problems += [
                Problem(f"At most {_plural(cap, 'point')} per project; you gave {v}.", pid)
                for pid, v in sel.items()
                if v > cap
            ]
        total, allowed = sum(sel.values()), rules.total_points or 0
        if total > allowed:
            problems.append(
                Problem(
                    f"You gave {_plural(total, 'point')}, {total - allowed} more than the "
                    f"{allowed} you have."
                )
            )
        if not sel:
            problems.append(Problem("Please give at least one point to a project."))
        return problems

    def instructions(self, rules, n_projects):
        cap = rules.max_points_per_project
        text = f"Distribute up to {_plural(rules.total_points or 0, 'point')} among the projects"
        return text + (f", at most {cap} per project." if cap else ".")

    def settings_problems(self, rules, n_projects):
        problems = []
        if not rules.total_points or rules.total_points < 1:
            problems.append("Set the number of points each voter distributes (at least 1).")
        if rules.max_points_per_project is not None and rules.max_points_per_project < 1:
            problems.append("The maximum points per project must be at least 1.")
        return problems


BALLOT_KINDS: dict[str, BallotKind] = {
    k.name: k for k in (Approval(), Knapsack(), Ranked(), Cumulative())
}


def get_kind(name: str) -> BallotKind:
    try:
        return BALLOT_KINDS[name]
    except KeyError:
        raise ValueError(
            f"unknown ballot kind {name!r}; choose one of {', '.join(BALLOT_KINDS)}"
        ) from None


def read_ballot(rules: BallotRules, costs: Costs, form: Form) -> Selection:
    """The valid selection in `form`, or BallotInvalid with every problem and what was read."""
    kind = get_kind(rules.kind)
    selection, problems = kind.parse(form)
    problems = problems or kind.check(rules, costs, selection)
    if problems:
        raise BallotInvalid(problems, selection)
    return selection


def ordered(kind: str, selection: Selection) -> list[str]:
    """The selection's project ids in ballot order: by rank for ranked ballots."""
    if kind == "ranked":
        return sorted(selection, key=selection.__getitem__)
    return list(selection)


def encode_choices(kind: str, selection: Selection) -> str:
    """A stored ballot's choices in one short text: project ids in ballot order (by rank for
    ranked ballots), each with ":points" on cumulative ballots. "12,7,31" or "12:3,7:2"."""
    if kind == "cumulative":
        return ",".join(f"{pid}:{selection[pid]}" for pid in sorted(selection, key=int))
    return ",".join(ordered(kind, selection) if kind == "ranked" else sorted(selection, key=int))


def decode_choices(kind: str, text: str) -> Selection:
    """The selection `encode_choices` wrote: 1 per project, the rank, or the points."""
    if not text:
        return {}
    if kind == "cumulative":
        pairs = (item.split(":") for item in text.split(","))
        return {pid: int(points) for pid, points in pairs}
    if kind == "ranked":
        return {pid: rank for rank, pid in enumerate(text.split(","), 1)}
    return dict.fromkeys(text.split(","), 1)

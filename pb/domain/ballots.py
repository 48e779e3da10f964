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

from pb.domain.text import N_, Money, Text

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
    """What the voter must correct. `text` stays translatable (the web shows it with
    `translate`); `message` is the English, for logs, the command line and paper entry."""

    text: Text | str
    project_id: str | None = None

    @property
    def message(self) -> str:
        return str(self.text)


def _problem(template: str, project_id: str | None = None, /, **params) -> Problem:
    return Problem(Text(template, params), project_id)


class BallotInvalid(ValueError):
    def __init__(self, problems: list[Problem], selection: Selection):
        self.problems = problems
        self.selection = selection
        super().__init__("; ".join(p.message for p in problems))


def _counted(n: int, one: str, many: str) -> str:
    """English's singular or plural template. The domain has no ngettext, so each language
    translates the plural template in words that fit every count (Polish and Arabic have more
    than two forms): "Number of projects chosen: 5"."""
    return one if n == 1 else many


class BallotKind:
    name: ClassVar[str]
    label: ClassVar[str]
    vote_type: ClassVar[str]  # the pabulib vote_type the tally engine receives

    def parse(self, form: Form) -> tuple[Selection, list[Problem]]:
        """Checkbox ballots: every ticked `project` counts once."""
        return {pid: 1 for pid in dict.fromkeys(form.get("project", ())) if pid}, []

    def check(self, rules: BallotRules, costs: Costs, sel: Selection) -> list[Problem]:
        raise NotImplementedError

    def instructions(self, rules: BallotRules, n_projects: int) -> Text:
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


def _count_problems(rules: BallotRules, n: int, ranked: bool = False) -> list[Problem]:
    least, most = max(rules.min_picks or 1, 1), rules.max_picks
    if n < least:
        if ranked:
            template = _counted(
                least,
                N_("Please rank at least %(least)s project; you chose %(n)s."),
                N_("Please rank at least %(least)s projects; you chose %(n)s."),
            )
        else:
            template = _counted(
                least,
                N_("Please choose at least %(least)s project; you chose %(n)s."),
                N_("Please choose at least %(least)s projects; you chose %(n)s."),
            )
        return [_problem(template, least=least, n=n)]
    if most is not None and n > most:
        if ranked:
            template = _counted(
                most,
                N_("You may rank at most %(most)s project; you chose %(n)s."),
                N_("You may rank at most %(most)s projects; you chose %(n)s."),
            )
        else:
            template = _counted(
                most,
                N_("You may choose at most %(most)s project; you chose %(n)s."),
                N_("You may choose at most %(most)s projects; you chose %(n)s."),
            )
        return [_problem(template, most=most, n=n)]
    return []


def _foreign(costs: Costs, sel: Selection) -> list[Problem]:
    return [
        _problem(N_("Project %(id)s is not on this ballot."), pid, id=repr(pid))
        for pid in sel
        if pid not in costs
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
            return Text(
                N_("Tick every project you support (at least %(least)s)."), {"least": least}
            )
        if least == most:
            template = _counted(
                most, N_("Tick exactly %(most)s project."), N_("Tick exactly %(most)s projects.")
            )
            return Text(template, {"most": most})
        return Text(
            N_("Tick between %(least)s and %(most)s projects."), {"least": least, "most": most}
        )


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
            return [
                _problem(
                    N_(
                        "Your choices cost %(total)s, %(over)s more than the %(limit)s available. "
                        "Please remove a project."
                    ),
                    total=Money(total, rules.currency),
                    over=Money(total - rules.limit, rules.currency),
                    limit=Money(rules.limit, rules.currency),
                )
            ]
        return []

    def instructions(self, rules, n_projects):
        return Text(
            N_("Pick the projects you want, up to a total cost of %(limit)s."),
            {"limit": Money(rules.limit, rules.currency)},
        )

    def settings_problems(self, rules, n_projects):
        problems = _picks_settings(rules)
        if rules.limit <= 0:
            problems.append("The money a ballot may spend must be more than zero.")
        return problems


def _integers(form: Form, prefix: str, ranks: bool) -> tuple[Selection, list[Problem]]:
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
            template = (
                N_("The rank must be a whole number, not %(text)s.")
                if ranks
                else N_("The number of points must be a whole number, not %(text)s.")
            )
            problems.append(_problem(template, pid, text=repr(text)))
            continue
        if value < 0:
            template = (
                N_("The rank cannot be negative.")
                if ranks
                else N_("The number of points cannot be negative.")
            )
            problems.append(_problem(template, pid))
            continue
        if value:
            sel[pid] = value
    return sel, problems


class Ranked(BallotKind):
    name = "ranked"
    label = "Ranked: number your favourite projects 1, 2, 3..."
    vote_type = "ordinal"

    def parse(self, form):
        return _integers(form, "rank-", True)

    def check(self, rules, costs, sel):
        problems = _foreign(costs, sel) or _count_problems(rules, len(sel), ranked=True)
        if problems:
            return problems
        most = rules.max_picks or len(costs)
        for pid, rank in sel.items():
            if rank > most:
                problems.append(
                    _problem(
                        N_("Ranks go from 1 to %(most)s; %(rank)s is too high."),
                        pid,
                        most=most,
                        rank=rank,
                    )
                )
        seen: dict[int, list[str]] = {}
        for pid, rank in sel.items():
            seen.setdefault(rank, []).append(pid)
        for rank, pids in sorted(seen.items()):
            if len(pids) > 1:
                problems.extend(
                    _problem(N_("Rank %(rank)s is given to more than one project."), pid, rank=rank)
                    for pid in pids
                )
        if not problems:
            missing = [r for r in range(1, len(sel) + 1) if r not in seen]
            if missing:
                problems.append(
                    _problem(
                        N_(
                            "Rank %(rank)s is missing: number your choices 1, 2, 3... without gaps."
                        ),
                        rank=missing[0],
                    )
                )
        return problems

    def instructions(self, rules, n_projects):
        most = min(rules.max_picks or n_projects, n_projects)
        return Text(
            N_(
                "Number your favourite projects from 1 (best) up to %(most)s. "
                "Each number once; leave the others empty."
            ),
            {"most": most},
        )


class Cumulative(BallotKind):
    name = "cumulative"
    label = "Cumulative: distribute points among projects"
    vote_type = "cumulative"

    def parse(self, form):
        return _integers(form, "points-", False)

    def check(self, rules, costs, sel):
        problems = _foreign(costs, sel)
        if problems:
            return problems
        cap = rules.max_points_per_project
        if cap is not None:
            template = _counted(
                cap,
                N_("At most %(cap)s point per project; you gave %(given)s."),
                N_("At most %(cap)s points per project; you gave %(given)s."),
            )
            problems += [
                _problem(template, pid, cap=cap, given=v) for pid, v in sel.items() if v > cap
            ]
        total, allowed = sum(sel.values()), rules.total_points or 0
        if total > allowed:
            template = _counted(
                total,
                N_("You gave %(total)s point, %(extra)s more than the %(allowed)s you have."),
                N_("You gave %(total)s points, %(extra)s more than the %(allowed)s you have."),
            )
            problems.append(_problem(template, total=total, extra=total - allowed, allowed=allowed))
        if not sel:
            problems.append(_problem(N_("Please give at least one point to a project.")))
        return problems

    def instructions(self, rules, n_projects):
        cap, total = rules.max_points_per_project, rules.total_points or 0
        if cap:
            template = _counted(
                total,
                N_(
                    "Distribute up to %(total)s point among the projects, at most %(cap)s per project."
                ),
                N_(
                    "Distribute up to %(total)s points among the projects, at most %(cap)s per project."
                ),
            )
        else:
            template = _counted(
                total,
                N_("Distribute up to %(total)s point among the projects."),
                N_("Distribute up to %(total)s points among the projects."),
            )
        return Text(template, {"total": total, "cap": cap})

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

"""The tally rules, looked up by name (names follow pabulib's `rule` field where it has one).

Every rule is a function `(election, tie_break, **options) -> Outcome`. `tally()` is the one
entry point the web app, the CLI and researchers use.

pabulib rule names with city-specific parts are mapped by what their files' `comment` says:
- `greedy-exclusive` (Warsaw: two projects on the same site "could not be implemented
  simultaneously", the one with fewer votes was dropped) is greedy with exclusion groups, read
  from that sentence of the comment or passed as the `exclusive` option;
- `greedy-custom` (Poznań: "fund the highest-voted projects until the next one on the list does
  not fit", then reserve funds, marked `selected` 2 or 3, are decided outside the rule) runs as
  greedy-no-skip, which is exactly that rule;
- `unknown` is not a rule: `tally(rule=None)` falls back to greedy, replay reports it unsupported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pb.domain.election import Election
from pb.domain.tally.cstv import cstv
from pb.domain.tally.exhaustion import by_budget_increase
from pb.domain.tally.greedy import greedy, greedy_exclusive, greedy_no_skip, greedy_threshold
from pb.domain.tally.maxwelfare import max_welfare
from pb.domain.tally.outcome import Outcome
from pb.domain.tally.phragmen import phragmen
from pb.domain.tally.tiebreak import TIE_BREAKS, TieBreak, TieUnresolved, get_tie_break
from pb.domain.text import N_, Text, TextError

__all__ = [
    "RULES",
    "TIE_BREAKS",
    "Outcome",
    "RuleSpec",
    "TieBreak",
    "TieUnresolved",
    "UnsupportedRule",
    "default_rule",
    "get_rule",
    "tally",
]

ALL_KINDS = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
APPROVAL_KINDS = ("approval", "choose-1")
POINTS_KINDS = ("cumulative", "scoring")


class UnsupportedRule(TextError):
    """The rule is unknown, or does not apply to this kind of ballot."""


RuleFunction = Callable[..., Outcome]


@dataclass(frozen=True)
class RuleSpec:
    name: str
    # One line in plain words for a city staffer and residents, translatable (an N_ message
    # becomes a Text); str() is the English for the `pb` command.
    description: Text
    function: RuleFunction
    vote_types: tuple[str, ...]
    runs_as: str | None = None  # for pabulib names we run as another rule

    def __post_init__(self) -> None:
        if isinstance(self.description, str):
            object.__setattr__(self, "description", Text(self.description))

    def supports(self, vote_type: str) -> bool:
        return vote_type in self.vote_types


def _mes(**fixed) -> RuleFunction:
    def run(election: Election, tie_break: TieBreak, **options) -> Outcome:
        from pb.domain.tally.mes import equal_shares  # numba: loaded only when MES runs

        return equal_shares(election, tie_break, **fixed)

    return run


def _completed(add1: bool, utility: str = "cost") -> RuleFunction:
    def run(election: Election, tie_break: TieBreak, **options) -> Outcome:
        from pb.domain.tally.mes_completion import equal_shares_then_greedy

        return equal_shares_then_greedy(election, tie_break, utility=utility, add1=add1)

    return run


def _maximin_support(election: Election, tie_break: TieBreak, **options) -> Outcome:
    from pb.domain.tally.maximin import maximin_support  # numba: loaded only when it runs

    return maximin_support(election, tie_break)


def _cstv(combination: str) -> RuleFunction:
    def run(election: Election, tie_break: TieBreak, **options) -> Outcome:
        return cstv(election, tie_break, combination=combination)

    return run


def _renamed(function: RuleFunction, name: str) -> RuleFunction:
    def run(election: Election, tie_break: TieBreak, **options) -> Outcome:
        from dataclasses import replace

        return replace(function(election, tie_break, **options), rule=name)

    return run


# (utility, ballot kinds, how greedy picks the next project) for MES completed by greedy.
_GREEDY_COMPLETIONS = (
    (
        "points",
        POINTS_KINDS,
        N_(
            "the remaining project with the most points for its cost first, each one that still fits."
        ),
    ),
    (
        "borda",
        ("ordinal",),
        N_(
            "the remaining project with the most ranking points (as in equalshares/borda) for its "
            "cost first, each one that still fits."
        ),
    ),
    (
        "cost-sqrt",
        APPROVAL_KINDS,
        N_(
            "next the project that raises its voters' satisfaction the most for its cost, counting "
            "a voter's satisfaction as the square root of the money spent on projects they voted "
            "for, as long as projects fit."
        ),
    ),
    (
        "cost-log",
        APPROVAL_KINDS,
        N_(
            "next the project that raises its voters' satisfaction the most for its cost, counting "
            "a voter's satisfaction as the logarithm of the money spent on projects they voted "
            "for, as long as projects fit."
        ),
    ),
)

RULES: dict[str, RuleSpec] = {
    spec.name: spec
    for spec in (
        RuleSpec(
            "greedy",
            N_(
                "Fund the projects with the most votes first, going down the list; a project that no "
                "longer fits in the money left is skipped and the next one is tried."
            ),
            greedy,
            ALL_KINDS,
        ),
        RuleSpec(
            "greedy-no-skip",
            N_(
                "Fund the projects with the most votes first, going down the list, and stop at the "
                "first project that does not fit in the money left. Projects costing more than the "
                "whole budget are set aside. A minimum score, when the election sets one, applies."
            ),
            greedy_no_skip,
            ALL_KINDS,
        ),
        RuleSpec(
            "greedy-threshold",
            N_(
                "Like greedy, but only projects that reach the minimum score (for example 50 votes) "
                "can be funded."
            ),
            greedy_threshold,
            ALL_KINDS,
        ),
        RuleSpec(
            "greedy-exclusive",
            N_(
                "Greedy where some projects exclude each other (for example two plans for the same "
                "site): once one of them is funded, the others are dropped."
            ),
            greedy_exclusive,
            ALL_KINDS,
        ),
        RuleSpec(
            "greedy-custom",
            N_(
                "Poznań's rule: fund the most-voted projects until the next one does not fit (reserve "
                "funds decided afterwards are not part of the rule); pb runs greedy-no-skip."
            ),
            _renamed(greedy_no_skip, "greedy-custom"),
            ALL_KINDS,
            runs_as="greedy-no-skip",
        ),
        RuleSpec(
            "equalshares",
            N_(
                "Method of Equal Shares: the budget is split equally among voters; a project is funded "
                "when its supporters can pay for it from their shares, cheapest per supporter first."
            ),
            _mes(utility="cost", add1=False),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/cardinality",
            N_(
                "Method of Equal Shares where each funded project counts the same for a voter, "
                "whatever its cost."
            ),
            _mes(utility="cardinality", add1=False),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/add1",
            N_(
                "Method of Equal Shares, then the voters' shares are raised step by step to use up "
                "money left over, as equalshares.net and the cities that use it do."
            ),
            _mes(utility="cost", add1=True),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/cost-sqrt",
            N_(
                "Method of Equal Shares where a funded project is worth the square root of its cost "
                "to each supporter: a project twice as expensive counts more, but not twice as much, "
                "so cheaper projects have a better chance than with plain equalshares."
            ),
            _mes(utility="cost-sqrt", add1=False),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/cost-sqrt/add1",
            N_(
                "equalshares/cost-sqrt, then the voters' shares are raised step by step to use up "
                "money left over."
            ),
            _mes(utility="cost-sqrt", add1=True),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/cost-log",
            N_(
                "Method of Equal Shares where a funded project is worth the logarithm of its cost to "
                "each supporter: a project ten times as expensive counts only a little more, so "
                "cheap projects have a much better chance than with plain equalshares."
            ),
            _mes(utility="cost-log", add1=False),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/cost-log/add1",
            N_(
                "equalshares/cost-log, then the voters' shares are raised step by step to use up "
                "money left over."
            ),
            _mes(utility="cost-log", add1=True),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/points",
            N_(
                "Method of Equal Shares for ballots with points: the budget is split equally among "
                "voters, and a voter pays towards a project in proportion to the points they gave "
                "it, so projects that get many points from many voters are funded first."
            ),
            _mes(utility="points", add1=False),
            POINTS_KINDS,
        ),
        RuleSpec(
            "equalshares/points/add1",
            N_(
                "equalshares/points, then the voters' shares are raised step by step to use up "
                "money left over."
            ),
            _mes(utility="points", add1=True),
            POINTS_KINDS,
        ),
        RuleSpec(
            "equalshares/borda",
            N_(
                "Method of Equal Shares for ranked ballots: the budget is split equally among voters, "
                "and a voter pays towards a project in proportion to how high they ranked it (on a "
                "ballot ranking 5 projects the first counts 4, the second 3, ..., the last 0)."
            ),
            _mes(utility="borda", add1=False),
            ("ordinal",),
        ),
        RuleSpec(
            "equalshares/borda/add1",
            N_(
                "equalshares/borda, then the voters' shares are raised step by step to use up money "
                "left over."
            ),
            _mes(utility="borda", add1=True),
            ("ordinal",),
        ),
        RuleSpec(
            "equalshares/greedy",
            N_(
                "Method of Equal Shares, then the money it leaves is filled the greedy way: the "
                "remaining projects with the most votes first, each one that still fits."
            ),
            _completed(add1=False),
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "equalshares/add1/greedy",
            N_(
                "Method of Equal Shares with the voters' shares raised step by step, then the money "
                "still left is filled the greedy way: most votes first, each project that fits."
            ),
            _completed(add1=True),
            APPROVAL_KINDS,
        ),
        *(
            RuleSpec(
                f"equalshares/{utility}{'/add1' if add1 else ''}/greedy",
                Text(
                    N_("%(rule)s, then the money it leaves is filled the greedy way: %(how)s"),
                    {"rule": f"equalshares/{utility}{'/add1' if add1 else ''}", "how": Text(how)},
                ),
                _completed(add1=add1, utility=utility),
                kinds,
            )
            for utility, kinds, how in _GREEDY_COMPLETIONS
            for add1 in (False, True)
        ),
        RuleSpec(
            "phragmen",
            N_(
                "Sequential Phragmén: supporters share each project's cost; the project whose "
                "supporters would carry the lowest total share is funded next, until one does not fit."
            ),
            phragmen,
            APPROVAL_KINDS,
        ),
        *(
            RuleSpec(
                f"{base}/budget-increase",
                Text(
                    N_(
                        "%(rule)s, rerun with the budget raised by 1%% at a time until the "
                        "projects it funds use up the money (no other project fits), keeping the "
                        "last raise at which they still fit in the real budget."
                    ),
                    {"rule": base},
                ),
                function,
                kinds,
            )
            for base, function, kinds in (
                *(
                    (
                        "equalshares" if utility == "cost" else f"equalshares/{utility}",
                        _mes(utility=utility, add1=False, budget_increase=True),
                        kinds,
                    )
                    for utility, kinds in (
                        ("cost", APPROVAL_KINDS),
                        ("cardinality", APPROVAL_KINDS),
                        ("cost-sqrt", APPROVAL_KINDS),
                        ("cost-log", APPROVAL_KINDS),
                        ("points", POINTS_KINDS),
                        ("borda", ("ordinal",)),
                    )
                ),
                (
                    "phragmen",
                    by_budget_increase(phragmen, "phragmen/budget-increase"),
                    APPROVAL_KINDS,
                ),
            )
        ),
        RuleSpec(
            "cstv/ewt",
            N_(
                "Cumulative Support Transfer Voting: each voter's points become money (the budget "
                "split equally among voters). A project whose donations cover its cost is funded, "
                "the one with the most to spare first, and what it had to spare goes back to its "
                "donors' other projects; when none is covered, the least supported project is "
                "dropped and its donations move to its donors' other projects. Dropped projects "
                "that still fit in the money left are funded at the end."
            ),
            _cstv("ewt"),
            POINTS_KINDS,
        ),
        RuleSpec(
            "cstv/ewtc",
            N_(
                "Cumulative Support Transfer Voting as cstv/ewt, but among the projects whose "
                "donations cover their cost, the one with the most donations for its cost (not "
                "the most to spare) is funded first."
            ),
            _cstv("ewtc"),
            POINTS_KINDS,
        ),
        RuleSpec(
            "maximin-support",
            N_(
                "Maximin support: each funded project's cost is shared among the voters who voted "
                "for it, spread as evenly as possible over everything funded so far; next comes "
                "the project that keeps the heaviest share any voter carries the lightest, until "
                "no project fits."
            ),
            _maximin_support,
            APPROVAL_KINDS,
        ),
        RuleSpec(
            "max-welfare",
            N_(
                "Fund the combination of projects that gives voters the most in total: for each voter, "
                "the money spent on projects they voted for, added up over all voters."
            ),
            max_welfare,
            ALL_KINDS,
        ),
    )
}


def get_rule(name: str) -> RuleSpec:
    try:
        return RULES[name]
    except KeyError:
        raise UnsupportedRule(
            N_("unknown rule %(rule)s; choose one of %(rules)s"),
            rule=repr(name),
            rules=", ".join(RULES),
        ) from None


def default_rule(election: Election) -> str:
    """The file's own rule when pb supports it for this ballot kind, else greedy."""
    own = election.rule
    if own in RULES and RULES[own].supports(election.vote_type):
        return own
    return "greedy"


def tally(election: Election, rule: str | None = None, tie_break: str = "id", **options) -> Outcome:
    """Run `rule` (default: the file's own, else greedy) with the named tie-break."""
    name = default_rule(election) if rule is None else rule
    spec = get_rule(name)
    if not spec.supports(election.vote_type):
        raise UnsupportedRule(
            N_("rule %(rule)s does not apply to %(kind)s ballots; it supports %(kinds)s"),
            rule=repr(name),
            kind=election.vote_type,
            kinds=", ".join(spec.vote_types),
        )
    return spec.function(election, get_tie_break(tie_break), **options)

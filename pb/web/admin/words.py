"""Plain names for the ballot kinds, counting rules and tie-breaks staff choose from, so that
pages say "Method of Equal Shares, then most votes" rather than "equalshares/greedy". A rule
without a name here shows its id (a rule added to the registry is still offered)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from pb.web.admin import bp

KINDS = {
    "approval": _l("Approval: tick the projects you support"),
    "knapsack": _l("Knapsack: pick projects whose total cost fits the budget"),
    "ranked": _l("Ranked: put projects in order of preference"),
    "cumulative": _l("Cumulative: share out points among projects"),
}

RULES = {
    "greedy": _l("Most votes first, skipping what does not fit"),
    "greedy-no-skip": _l("Most votes first, stopping at the first that does not fit"),
    "greedy-threshold": _l("Most votes first, only projects above a minimum score"),
    "greedy-exclusive": _l("Most votes first, some projects exclude each other"),
    "greedy-custom": _l("Poznań's rule (most votes first, stop at the first that does not fit)"),
    "equalshares": _l("Method of Equal Shares"),
    "equalshares/cardinality": _l("Method of Equal Shares, counting projects not money"),
    "equalshares/add1": _l("Method of Equal Shares, budget raised until it is used"),
    "equalshares/cost-sqrt": _l("Method of Equal Shares, square root of cost"),
    "equalshares/cost-sqrt/add1": _l("Method of Equal Shares, square root of cost, budget raised"),
    "equalshares/cost-log": _l("Method of Equal Shares, logarithm of cost"),
    "equalshares/cost-log/add1": _l("Method of Equal Shares, logarithm of cost, budget raised"),
    "equalshares/points": _l("Method of Equal Shares with points"),
    "equalshares/points/add1": _l("Method of Equal Shares with points, budget raised"),
    "equalshares/borda": _l("Method of Equal Shares with ranks (Borda)"),
    "equalshares/borda/add1": _l("Method of Equal Shares with ranks (Borda), budget raised"),
    "equalshares/greedy": _l("Method of Equal Shares, then most votes for what is left"),
    "equalshares/add1/greedy": _l("Method of Equal Shares, budget raised, then most votes"),
    "phragmen": _l("Phragmén's sequential rule"),
    "max-welfare": _l("Most total satisfaction (maximum welfare)"),
}

# One line each: what the rule does, in words a resident would follow.
RULE_HELP = {
    "greedy": _l(
        "Projects are funded from the most votes down; one that no longer fits is skipped "
        "and the next is tried."
    ),
    "greedy-no-skip": _l(
        "Projects are funded from the most votes down, stopping at the first that does not fit."
    ),
    "greedy-threshold": _l(
        "Like the first rule, but only projects that reach a minimum score can be funded."
    ),
    "greedy-exclusive": _l(
        "Like the first rule, but once one of a group of rival projects is funded the others "
        "are dropped."
    ),
    "greedy-custom": _l("Poznań's rule: most votes first until the next project does not fit."),
    "equalshares": _l(
        "Each voter gets an equal share of the budget; a project is funded when its supporters "
        "can pay for it together."
    ),
    "equalshares/cardinality": _l(
        "Equal shares, where voters count how many of their projects win, not their cost."
    ),
    "equalshares/add1": _l(
        "Equal shares, with the shares raised step by step so that more of the budget is used."
    ),
    "equalshares/cost-sqrt": _l(
        "Equal shares, where a project's value to its supporters grows with the square root "
        "of its cost."
    ),
    "equalshares/cost-sqrt/add1": _l(
        "The square-root variant, with the shares raised so that more of the budget is used."
    ),
    "equalshares/cost-log": _l(
        "Equal shares, where a project's value to its supporters grows with the logarithm of "
        "its cost."
    ),
    "equalshares/cost-log/add1": _l(
        "The logarithm variant, with the shares raised so that more of the budget is used."
    ),
    "equalshares/points": _l("Equal shares, where voters' points say how much a project is worth."),
    "equalshares/points/add1": _l(
        "Equal shares with points, with the shares raised so that more of the budget is used."
    ),
    "equalshares/borda": _l("Equal shares, where a higher rank is worth more (Borda scores)."),
    "equalshares/borda/add1": _l(
        "Equal shares with ranks, with the shares raised so that more of the budget is used."
    ),
    "equalshares/greedy": _l(
        "Equal shares first; money left over funds the most-voted projects that still fit."
    ),
    "equalshares/add1/greedy": _l(
        "Equal shares with raised shares first, then the most-voted projects that still fit."
    ),
    "phragmen": _l(
        "Voters earn money over time and projects are bought as soon as their supporters can "
        "afford them."
    ),
    "max-welfare": _l(
        "The set of projects that fits the budget and gives voters the most total satisfaction."
    ),
}

TIE_BREAK_HELP = {
    "id": _l("When projects are equally good, the one with the lower number goes first."),
    "cost-votes": _l(
        "When projects are equally good, the cheaper goes first, then the one with more votes."
    ),
    "refuse": _l("When projects are equally good, the count stops and staff decide."),
}

TIE_BREAKS = {
    "id": _l("By project number"),
    "cost-votes": _l("Cheaper project first, then more votes"),
    "refuse": _l("Do not decide: staff settle the tie"),
}


def _lookup(table: dict):
    def name(value: str) -> str:
        return str(table.get(value, value))

    return name


@bp.app_template_filter("ballot_kind_name")
def ballot_kind_name(value: str) -> str:
    return _lookup(KINDS)(value)


@bp.app_template_filter("rule_name")
def rule_name(value: str) -> str:
    return _lookup(RULES)(value)


@bp.app_template_filter("tie_break_name")
def tie_break_name(value: str) -> str:
    return _lookup(TIE_BREAKS)(value)

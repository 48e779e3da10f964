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

"""Plain names for the ballot kinds, counting rules and tie-breaks staff choose from, so that
pages say "Method of Equal Shares, then most votes first" rather than "equalshares/greedy".
Rules are named by pb.domain.tally.rule_titles and explained by the registry's descriptions,
the words the results page uses too."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from pb.domain.tally.rule_titles import rule_title
from pb.services.wording import translate
from pb.web.admin import bp

KINDS = {
    "approval": _l("Approval: tick the projects you support"),
    "knapsack": _l("Knapsack: pick projects whose total cost fits the budget"),
    "ranked": _l("Ranked: put projects in order of preference"),
    "cumulative": _l("Cumulative: share out points among projects"),
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
    """The registry's plain name (pb.domain.tally.rule_titles), as the results page says it."""
    return translate(rule_title(value))


@bp.app_template_filter("tie_break_name")
def tie_break_name(value: str) -> str:
    return _lookup(TIE_BREAKS)(value)

"""Short plain names of the counting rules, for the staff's rule choice and the results page
(the registry's `description` is the one-line explanation beside them). A rule completed by
greedy or rerun with a growing budget is named after the rule it builds on; a rule with no name
here shows its registry name."""

from __future__ import annotations

from pb.domain.text import N_, Text

TITLES = {
    "greedy": N_("Most votes first"),
    "greedy-no-skip": N_("Most votes first, stopping at the first project that does not fit"),
    "greedy-threshold": N_("Most votes first, with a minimum score"),
    "greedy-exclusive": N_("Most votes first, with projects that exclude each other"),
    "greedy-custom": N_("Most votes first (Poznań's rule)"),
    "equalshares": N_("Method of Equal Shares"),
    "equalshares/cardinality": N_("Method of Equal Shares, every project counting the same"),
    "equalshares/add1": N_("Method of Equal Shares, with the shares raised to use the budget"),
    "equalshares/cost-sqrt": N_("Method of Equal Shares, favouring cheaper projects"),
    "equalshares/cost-sqrt/add1": N_(
        "Method of Equal Shares, favouring cheaper projects, with the shares raised"
    ),
    "equalshares/cost-log": N_("Method of Equal Shares, strongly favouring cheaper projects"),
    "equalshares/cost-log/add1": N_(
        "Method of Equal Shares, strongly favouring cheaper projects, with the shares raised"
    ),
    "equalshares/points": N_("Method of Equal Shares for points"),
    "equalshares/points/add1": N_("Method of Equal Shares for points, with the shares raised"),
    "equalshares/borda": N_("Method of Equal Shares for rankings"),
    "equalshares/borda/add1": N_("Method of Equal Shares for rankings, with the shares raised"),
    "equalshares/greedy": N_("Method of Equal Shares, then most votes first"),
    "equalshares/add1/greedy": N_(
        "Method of Equal Shares with the shares raised, then most votes first"
    ),
    "phragmen": N_("Sequential Phragmén"),
    "maximin-support": N_("Maximin support: costs shared as evenly as possible"),
    "cstv/ewt": N_("Cumulative Support Transfer Voting, most to spare first"),
    "cstv/ewtc": N_("Cumulative Support Transfer Voting, most donations for the cost first"),
    "max-welfare": N_("Most total benefit to voters"),
}


SUFFIXES = {
    "/greedy": N_("%(rule)s, then the greedy way for what is left"),
    "/budget-increase": N_("%(rule)s, with the budget raised until it is used"),
}


def rule_title(name: str) -> Text:
    if name in TITLES:
        return Text(TITLES[name])
    for suffix, template in SUFFIXES.items():
        if name.endswith(suffix):
            return Text(template, {"rule": rule_title(name.removesuffix(suffix))})
    return Text("%(name)s", {"name": name})

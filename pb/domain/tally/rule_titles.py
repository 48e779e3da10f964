"""Short plain names of the counting rules, for the results page (the registry's `description`
is the one-line explanation beside it). Kept apart from the registry so that adding a rule there
does not need a title at once: a rule without one shows its registry name."""

from __future__ import annotations

from pb.domain.text import N_

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
    "max-welfare": N_("Most total benefit to voters"),
}


def rule_title(name: str) -> str:
    return TITLES.get(name, name)

"""Why each project was or was not funded under the Method of Equal Shares, in plain words.

Amounts are in the money MES hands out to voters (with add1, the raised per-voter amount), which
is what supporters "paid" in the rule's own terms.
"""

from __future__ import annotations

from pb.domain.election import Election
from pb.domain.tally.mes_run import Context, Run
from pb.domain.tally.outcome import count, money


def _amount(x: float) -> str:
    return f"{x:,.2f}"


def explain(election: Election, ctx: Context, run: Run | None, free: list[int]) -> dict[str, str]:
    t = ctx.table
    out: dict[str, str] = {}
    for j in free:
        out[election.projects[j].id] = (
            f"Funded before the first round: it costs nothing and "
            f"{count(int(t.support_counts[j]), 'voter')} support it."
        )
    rounds = run.rounds if run is not None else []
    for r, rd in enumerate(rounds):
        if abs(rd.share - rd.min_pay) <= 1e-9 * max(rd.share, 1.0):
            paid = f"paid about {_amount(rd.share)} each"
        else:
            paid = f"paid between {_amount(rd.min_pay)} and {_amount(rd.share)}"
        who = "supporter" if rd.payers == 1 else "supporters"
        out[election.projects[rd.project].id] = (
            f"Funded in round {r + 1}: {rd.payers:,} {who} {paid}."
        )
    for j, p in enumerate(election.projects):
        if p.id in out:
            continue
        n = int(t.support_counts[j])
        if n == 0:
            out[p.id] = "Not funded: no voter supported it."
        elif p.cost == 0:
            out[p.id] = (
                "Not funded: it costs nothing, and this rule measures what a project gives its "
                "supporters by its cost, so it gives them no gain and the rule never picks it."
            )
        elif run is None:
            out[p.id] = "Not funded: no ballots were cast."
        else:
            rows = t.supporters[j]
            left = float(run.money_left[rows] @ t.support_weights[j])
            out[p.id] = (
                f"Not funded: its {count(n, 'supporter')} had only {_amount(left)} left in all, "
                f"it costs {money(p.cost)}."
            )
    return out

"""Why each project was or was not funded under the Method of Equal Shares, in plain words.

Amounts are in the money MES hands out to voters (with add1, the raised per-voter amount), which
is what supporters "paid" in the rule's own terms. A resident who divides the budget by the
number of voters gets a smaller share than what some supporters paid under add1, so the
explanation says where the larger share comes from and why supporters paid different amounts.
"""

from __future__ import annotations

from fractions import Fraction

from pb.domain.election import Election
from pb.domain.tally.mes_run import Context, Run
from pb.domain.text import N_, Money, Text


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def _share_note(election: Election, ctx: Context, run: Run) -> Text:
    first = election.budget / ctx.table.num_ballots
    if _close(float(run.budget), float(first)):
        return Text(
            N_("Every voter had an equal share of %(share)s to spend."), {"share": Money(first)}
        )
    return Text(
        N_(
            "Every voter had an equal share of %(share)s to spend: the budget divided by the "
            "voters gives %(first)s, and the rule raised every share equally so that less "
            "money is left unspent."
        ),
        {"share": Money(float(run.budget)), "first": Money(first)},
    )


def explain(election: Election, ctx: Context, run: Run | None, free: list[int]) -> dict[str, Text]:
    t = ctx.table
    out: dict[str, Text] = {}
    for j in free:
        out[election.projects[j].id] = Text(
            N_("Funded before the first round: it costs nothing. Supporters: %(supporters)s."),
            {"supporters": int(t.support_counts[j])},
        )
    rounds = run.rounds if run is not None else []
    share = _share_note(election, ctx, run) if run is not None else None
    for r, rd in enumerate(rounds):
        values = {"round": r + 1, "payers": rd.payers, "share": share}
        if _close(rd.share, rd.min_pay):
            text = Text(
                N_(
                    "Funded in round %(round)s: %(share)s Its supporters who paid "
                    "(%(payers)s) paid about %(most)s each."
                ),
                {**values, "most": Money(rd.share)},
            )
        else:
            text = Text(
                N_(
                    "Funded in round %(round)s: %(share)s Its supporters who paid "
                    "(%(payers)s) paid between %(least)s and %(most)s each: those who had "
                    "already spent part of their share on projects funded earlier paid what they "
                    "had left, and those who still had money, because projects they voted for "
                    "were not funded, paid the rest."
                ),
                {**values, "least": Money(rd.min_pay), "most": Money(rd.share)},
            )
        out[election.projects[rd.project].id] = text
    for j, p in enumerate(election.projects):
        if p.id in out:
            continue
        n = int(t.support_counts[j])
        if n == 0:
            out[p.id] = Text(N_("Not funded: no voter supported it."))
        elif p.cost == 0:
            out[p.id] = Text(
                N_(
                    "Not funded: it costs nothing, and this rule measures what a project gives "
                    "its supporters by its cost, so it gives them no gain and the rule never "
                    "picks it."
                )
            )
        elif run is None:
            out[p.id] = Text(N_("Not funded: no ballots were cast."))
        else:
            rows = t.supporters[j]
            left = float(run.money_left[rows] @ t.support_weights[j])
            out[p.id] = Text(
                N_(
                    "Not funded: its supporters (%(supporters)s) had only %(left)s left in all "
                    "from their shares, and it costs %(cost)s."
                ),
                {"supporters": n, "left": Money(left), "cost": Money(Fraction(p.cost))},
            )
    return out

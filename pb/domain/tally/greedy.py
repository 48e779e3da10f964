"""The greedy family: fund projects in decreasing score while the money lasts.

`greedy` is pabutools' `greedy_utilitarian_welfare` with `Cost_Sat` (its density, total cost
satisfaction over cost, is exactly the score), `greedy-no-skip` stops at the first project that
does not fit, `greedy-threshold` only considers projects whose score reaches
`min_project_score_threshold` (compared with >= against the same score used for ordering).

A tie between projects with equal scores decides the outcome exactly when, at its turn, the
tied projects that individually fit the money left do not all fit together (skip), or when they
do not all fit and at least one of them fits (no-skip): then some order of the tied projects
funds a different set. Any other tie only changes the order of funding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from pb.domain.election import Election
from pb.domain.tally.outcome import Outcome, count, money, names, tie_break_words, votes
from pb.domain.tally.scores import project_scores, score_word
from pb.domain.tally.tiebreak import TieBreak, TieUnresolved
from pb.domain.text import N_, Money, Text


def greedy(election: Election, tie_break: TieBreak, **options) -> Outcome:
    return run_greedy(election, tie_break, rule="greedy", skip=True, threshold=None)


def greedy_no_skip(election: Election, tie_break: TieBreak, **options) -> Outcome:
    # Gdynia's no-skip files carry a threshold too: honour it when the file or caller gives one.
    return run_greedy(
        election,
        tie_break,
        rule="greedy-no-skip",
        skip=False,
        threshold=_threshold(election, options),
    )


def greedy_threshold(election: Election, tie_break: TieBreak, **options) -> Outcome:
    threshold = _threshold(election, options)
    if threshold is None:
        raise ValueError(
            "greedy-threshold needs a threshold: the min_project_score_threshold meta field "
            "or the threshold option"
        )
    return run_greedy(election, tie_break, rule="greedy-threshold", skip=True, threshold=threshold)


def greedy_exclusive(election: Election, tie_break: TieBreak, **options) -> Outcome:
    """Greedy where some projects exclude each other (same site): once one is funded the others
    of its group are dropped. Groups come from the `exclusive` option (iterables of project ids)
    or, for pabulib files, from the sentences of the `comment` meta that say (in one `#n:` note) projects "could not
    be implemented simultaneously" (or are "mutually exclusive") and name them as "projects A
    and B"."""
    groups = options.get("exclusive")
    if groups is None:
        groups = exclusive_groups(election)
    return run_greedy(
        election, tie_break, rule="greedy-exclusive", skip=True, threshold=None, exclusive=groups
    )


_EXCLUSIVE = re.compile(r"could not be implemented simultaneously|mutually exclusive", re.I)
_PAIR = re.compile(r"projects?\s+([\w.-]+)\s+and\s+([\w.-]+)", re.I)


def exclusive_groups(election: Election) -> list[frozenset[str]]:
    groups = []
    for sentence in re.split(r"#\d+:", election.meta.get("comment", "")):
        if _EXCLUSIVE.search(sentence):
            for pair in _PAIR.findall(sentence):
                ids = frozenset(x for x in pair if x in election.project_index)
                if len(ids) == 2:
                    groups.append(ids)
    return groups


def _threshold(election: Election, options: dict) -> Fraction | None:
    value = options.get("threshold")
    if value is None:
        return election.meta_number("min_project_score_threshold")
    return Fraction(value)


def run_greedy(
    election: Election,
    tie_break: TieBreak,
    *,
    rule: str,
    skip: bool,
    threshold: Fraction | None,
    exclusive: Iterable[Iterable[str]] = (),
) -> Outcome:
    projects = election.projects
    scores = project_scores(election)
    rank = tie_break.rank(election, scores)
    order = np.lexsort((rank, -scores)).tolist()
    word = score_word(election)
    budget = election.budget
    left = budget
    selected: list[str] = []
    why: dict[str, Text] = {}
    ties: list[Text] = []
    tie_decided = False
    stopped_at: int | None = None

    rivals: dict[str, set[str]] = {}
    for group in exclusive:
        members = set(group)
        for pid in members:
            rivals.setdefault(pid, set()).update(members - {pid})
    position = {i: n + 1 for n, i in enumerate(order)}
    candidates: list[int] = []
    for i in order:
        p = projects[i]
        if threshold is not None and scores[i] < threshold:
            why[p.id] = Text(
                N_("Not eligible (%(votes)s): below the minimum of %(threshold)s."),
                {"votes": votes(int(scores[i]), word), "threshold": threshold},
            )
        elif not skip and p.cost > budget:
            # Cities encode withdrawn projects this way; no-skip must not stop on them.
            why[p.id] = Text(
                N_("Not considered: it costs %(cost)s, more than the whole budget of %(budget)s."),
                {"cost": Money(p.cost), "budget": Money(budget)},
            )
        else:
            candidates.append(i)

    start = 0
    while start < len(candidates):
        end = start
        while end < len(candidates) and scores[candidates[end]] == scores[candidates[start]]:
            end += 1
        group = candidates[start:end]
        if stopped_at is None and len(group) > 1:
            ids = {projects[i].id for i in group}
            decided = _tie_matters(projects, group, left, skip) or any(
                rivals.get(pid, set()) & ids for pid in ids
            )
            if decided:
                ids = [projects[i].id for i in group]
                context = (
                    f"with {count(int(scores[group[0]]), word)} each, when {money(left)} was "
                    f"left, not enough for all of them"
                )
                if tie_break.refuses:
                    raise TieUnresolved(ids, context)
                tie_decided = True
                ties.append(
                    Text(
                        N_(
                            "%(projects)s tied with %(votes)s each, when %(left)s was left, not "
                            "enough for all of them. The tie-break (%(tie_break)s) put "
                            "%(chosen)s first."
                        ),
                        {
                            "projects": names(projects, group),
                            "votes": votes(int(scores[group[0]]), word),
                            "left": Money(left),
                            "tie_break": tie_break_words(tie_break.name),
                            "chosen": names(projects, group[:1]),
                        },
                    )
                )
        for i in group:
            p = projects[i]
            score = votes(int(scores[i]), word, position[i])
            blocked = sorted(rivals.get(p.id, set()) & set(selected))
            if blocked:
                why[p.id] = Text(
                    N_(
                        "Not funded (%(votes)s): it cannot be built together with %(blocked)s, "
                        "funded first."
                    ),
                    {
                        "votes": score,
                        "blocked": names(projects, [election.project_index[b] for b in blocked]),
                    },
                )
            elif stopped_at is not None:
                why[p.id] = Text(
                    N_(
                        "Not funded (%(votes)s): counting stopped at %(stopped)s, the first "
                        "project that did not fit."
                    ),
                    {"votes": score, "stopped": names(projects, [stopped_at])},
                )
            elif p.cost <= left:
                why[p.id] = Text(
                    N_("Funded (%(votes)s): its cost of %(cost)s fit in the %(left)s left."),
                    {"votes": score, "cost": Money(p.cost), "left": Money(left)},
                )
                selected.append(p.id)
                left -= p.cost
            else:
                values = {"votes": score, "cost": Money(p.cost), "left": Money(left)}
                if skip:
                    why[p.id] = Text(
                        N_(
                            "Not funded (%(votes)s): its cost of %(cost)s was more than the "
                            "%(left)s left when its turn came."
                        ),
                        values,
                    )
                else:
                    stopped_at = i
                    why[p.id] = Text(
                        N_(
                            "Not funded (%(votes)s): its cost of %(cost)s was more than the "
                            "%(left)s left when its turn came, so counting stopped here (this "
                            "rule does not skip to cheaper projects)."
                        ),
                        values,
                    )
        start = end

    return Outcome(
        rule=rule,
        tie_break=tie_break.name,
        budget=budget,
        selected=tuple(selected),
        spent=budget - left,
        scores={p.id: Fraction(int(s)) for p, s in zip(projects, scores, strict=True)},
        explanations={p.id: why[p.id] for p in projects},
        tie_decided=tie_decided,
        ties=tuple(ties),
    )


def _tie_matters(projects, group: list[int], left: Fraction, skip: bool) -> bool:
    fitting = [projects[i].cost for i in group if projects[i].cost <= left]
    if skip:
        return sum(fitting, Fraction(0)) > left
    total = sum((projects[i].cost for i in group), Fraction(0))
    return total > left and bool(fitting)

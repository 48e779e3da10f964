"""pabutools as a test oracle (GPL-3.0: imported only from tests/ and bench/).

Converts pb elections into pabutools instances and profiles, and maps pb's tie-breaks and
scores onto pabutools' tie-breaking rules and satisfaction measures.
"""

from __future__ import annotations

from fractions import Fraction

from pabutools.election import (
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    OrdinalBallot,
    OrdinalProfile,
    Project,
)
from pabutools.fractions import frac
from pabutools.tiebreaking import TieBreakingRule, lexico_tie_breaking

from pb.domain.election import Election
from pb.domain.tally.scores import ordinal_length, project_scores


def to_pabutools(election: Election):
    projects = {
        p.id: Project(p.id, frac(p.cost.numerator, p.cost.denominator)) for p in election.projects
    }
    instance = Instance(
        projects.values(), budget_limit=frac(election.budget.numerator, election.budget.denominator)
    )
    profile_ = election.profile
    kind = election.vote_type
    ballots = []
    for i in range(profile_.num_voters):
        ids = [election.projects[j].id for j in profile_.ballot(i)]
        if kind == "cumulative":
            pts = profile_.points[profile_.offsets[i] : profile_.offsets[i + 1]]
            ballots.append(
                CumulativeBallot({projects[x]: int(v) for x, v in zip(ids, pts, strict=True)})
            )
        elif kind == "ordinal":
            ballots.append(OrdinalBallot([projects[x] for x in ids]))
        else:
            ballots.append(ApprovalBallot(projects[x] for x in ids))
    profile = {"cumulative": CumulativeProfile, "ordinal": OrdinalProfile}.get(
        kind, ApprovalProfile
    )(ballots, instance=instance)
    return instance, profile


def sat_class(election: Election):
    """Cost_Sat for approval-like ballots; for point ballots a satisfaction of points x cost, so
    that pabutools' greedy density (satisfaction over cost) is pb's score."""
    if election.vote_type == "cumulative":

        def func(instance, profile, ballot, project, pre):
            return ballot.get(project, 0) * project.cost

    elif election.vote_type == "ordinal":
        k = ordinal_length(election)

        def func(instance, profile, ballot, project, pre):
            order = list(ballot)
            return (k - order.index(project)) * project.cost if project in ballot else 0

    else:
        return Cost_Sat

    class PointsCostSat(AdditiveSatisfaction):
        def __init__(self, instance, profile, ballot):
            AdditiveSatisfaction.__init__(self, instance, profile, ballot, func)

    return PointsCostSat


def tie_breaking(election: Election, name: str) -> TieBreakingRule:
    if name == "id":
        return lexico_tie_breaking
    assert name == "cost-votes"
    scores = dict(
        zip((p.id for p in election.projects), project_scores(election).tolist(), strict=True)
    )
    return TieBreakingRule(
        lambda inst, prof, proj: (Fraction(proj.cost), -scores[proj.name], proj.name)
    )


def names(allocation) -> set[str]:
    return {p.name for p in allocation}

"""Hypothesis strategies for small random elections with many ties: costs and budgets are drawn
from a few round values and ballots are short, so equal scores and exact fits are common."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from pb.domain.election import Project, build_election


@st.composite
def elections(draw, vote_types=("approval",), max_projects: int = 12, max_voters: int = 40):
    vote_type = draw(st.sampled_from(vote_types))
    n = draw(st.integers(2, max_projects))
    # Ids as text that sort differently from numbers ("10" < "9"), as in real files.
    ids = draw(st.permutations([str(i) for i in range(1, n + 1)]))
    unit = draw(st.sampled_from([1, 10, 1000, Fraction(1, 4)]))
    costs = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    projects = [Project(pid, Fraction(c) * unit) for pid, c in zip(ids, costs, strict=True)]
    budget = Fraction(draw(st.integers(0, 40))) * unit
    voters = draw(st.integers(1, max_voters))
    ballots = draw(
        st.lists(
            st.lists(st.sampled_from(ids), min_size=1, max_size=min(n, 5), unique=True),
            min_size=voters,
            max_size=voters,
        )
    )
    if vote_type == "choose-1":
        ballots = [b[:1] for b in ballots]
    points = None
    if vote_type == "cumulative":
        points = [
            draw(st.lists(st.integers(1, 4), min_size=len(b), max_size=len(b))) for b in ballots
        ]
    return build_election(budget, projects, ballots, vote_type=vote_type, points=points)


ROUND_COSTS = (0, 1, 2, 3, 4, 6, 10)
WIDE_COSTS = (0, 1, 2, 3, 4, 6, 10, 17, 30)


@st.composite
def tiny_elections(
    draw,
    vote_type: str = "approval",
    costs: tuple[int, ...] = ROUND_COSTS,
    min_voters: int = 0,
    max_voters: int = 9,
    max_budget: int = 20,
):
    """1 to 6 projects with a few round costs (0 among them), a few voters, exact ties common:
    the elections the rules are compared with pabutools on. Ids sort differently as text and
    as numbers ("10" < "9"); cumulative ballots give 0 to 5 points, 0 included."""
    n = draw(st.integers(1, 6))
    chosen = draw(st.lists(st.sampled_from(costs), min_size=n, max_size=n))
    projects = [
        Project(str(10 - i) if i % 2 else f"p{i}", Fraction(c)) for i, c in enumerate(chosen)
    ]
    ids = [p.id for p in projects]
    ballots = draw(
        st.lists(
            st.lists(st.sampled_from(ids), unique=True, max_size=n),
            min_size=min_voters,
            max_size=max_voters,
        )
    )
    points = None
    if vote_type == "cumulative":
        points = [
            draw(st.lists(st.sampled_from([0, 1, 2, 3, 5]), min_size=len(b), max_size=len(b)))
            for b in ballots
        ]
    budget = draw(st.integers(1, max_budget))
    return build_election(budget, projects, ballots, vote_type=vote_type, points=points)

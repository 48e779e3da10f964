"""The phases of a PB cycle, in order. Pure data: the web layer guards views with them."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    IDEAS = "ideas"  # residents propose ideas
    PROPOSALS = "proposals"  # delegates and staff turn ideas into costed proposals
    VOTING = "voting"  # ballots are cast; ballot settings and projects are frozen
    COUNTING = "counting"  # voting closed; staff run and review the count, nothing public yet
    RESULTS = "results"  # the count is published
    IMPLEMENTATION = "implementation"  # funded projects are built; progress is published

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]

    @property
    def index(self) -> int:
        return ORDER.index(self)

    def next(self) -> Phase | None:
        i = self.index
        return ORDER[i + 1] if i + 1 < len(ORDER) else None


ORDER: tuple[Phase, ...] = tuple(Phase)

PHASE_LABELS = {
    Phase.IDEAS: "Idea collection",
    Phase.PROPOSALS: "Proposal development",
    Phase.VOTING: "Voting",
    Phase.COUNTING: "Counting",
    Phase.RESULTS: "Results",
    Phase.IMPLEMENTATION: "Implementation",
}

# Once voting has opened, the ballot, budgets, costs and project list may no longer change.
FROZEN_FROM = Phase.VOTING


def is_frozen(phase: Phase) -> bool:
    return phase.index >= FROZEN_FROM.index

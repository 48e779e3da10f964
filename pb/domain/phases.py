"""The phases of a PB cycle, in order. Pure data: the web layer guards views with them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pb.domain.text import N_, Text


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
    Phase.IDEAS: N_("Idea collection"),
    Phase.PROPOSALS: N_("Proposal development"),
    Phase.VOTING: N_("Voting"),
    Phase.COUNTING: N_("Counting"),
    Phase.RESULTS: N_("Results"),
    Phase.IMPLEMENTATION: N_("Implementation"),
}

# Once voting has opened, the ballot, budgets, costs and project list may no longer change.
FROZEN_FROM = Phase.VOTING


def is_frozen(phase: Phase) -> bool:
    return phase.index >= FROZEN_FROM.index


# --- The schedule -------------------------------------------------------------------------
#
# Each phase may have a start and an end date. The phase a cycle is in is the furthest of:
#   * the phase staff set by hand (stored on the cycle), and
#   * the phase the dates have reached (a phase whose start has passed, or whose predecessor's
#     end has passed).
# So a manual advance wins over dates that have not come yet, and dates only ever move a cycle
# forward. Dates never carry a cycle into RESULTS: publishing a count is a staff act, so on dates
# alone a cycle stops at COUNTING; once staff have published, dates may carry it on into
# IMPLEMENTATION. To reopen an earlier phase, staff set it by hand and clear the dates that
# have already passed (otherwise the dates pull the cycle forward again).

# The furthest phase that dates reach on their own before staff have published the results.
AUTO_UNTIL = Phase.COUNTING
# Phases that only staff can open: the schedule shows their date as expected, not automatic.
MANUAL_ONLY = frozenset({Phase.RESULTS})


@dataclass(frozen=True)
class Window:
    starts: datetime | None = None
    ends: datetime | None = None


Schedule = Mapping[Phase, Window]


@dataclass(frozen=True)
class Step:
    phase: Phase
    starts: datetime | None
    ends: datetime | None
    state: str  # "done", "current" or "upcoming"


@dataclass(frozen=True)
class NextStep:
    phase: Phase
    at: datetime | None  # when it is due, if the schedule says
    automatic: bool  # True when the date alone opens it; False when staff open it


def opens_at(phase: Phase, schedule: Schedule) -> datetime | None:
    """When the dates open `phase`: its own start, else the end of the phase before it."""
    window = schedule.get(phase, Window())
    if window.starts is not None:
        return window.starts
    before = ORDER[phase.index - 1] if phase.index else None
    return schedule.get(before, Window()).ends if before is not None else None


def dated_phase(schedule: Schedule, now: datetime) -> Phase | None:
    """The furthest phase the dates have reached by `now`, or None before any date."""
    reached = None
    for phase in ORDER:
        at = opens_at(phase, schedule)
        if at is not None and at <= now:
            reached = phase
    return reached


def effective_phase(stored: Phase, schedule: Schedule, now: datetime) -> Phase:
    dated = dated_phase(schedule, now)
    if dated is None or dated.index <= stored.index:
        return stored
    if stored.index < Phase.RESULTS.index and dated.index > AUTO_UNTIL.index:
        dated = AUTO_UNTIL
    return dated if dated.index > stored.index else stored


def next_step(current: Phase, schedule: Schedule, now: datetime) -> NextStep | None:
    following = current.next()
    if following is None:
        return None
    at = opens_at(following, schedule)
    automatic = following not in MANUAL_ONLY and at is not None
    return NextStep(following, at if at is None or at > now else None, automatic)


def possible_from(
    allowed: Sequence[Phase], current: Phase, schedule: Schedule
) -> tuple[Phase | None, datetime | None]:
    """For a refused action: the next allowed phase after `current` and when it opens (None if
    no date is set). (None, None) when every allowed phase is already over."""
    later = sorted((p for p in allowed if p.index > current.index), key=lambda p: p.index)
    if not later:
        return None, None
    return later[0], opens_at(later[0], schedule)


def timeline(current: Phase, schedule: Schedule) -> list[Step]:
    steps = []
    for phase in ORDER:
        window = schedule.get(phase, Window())
        if phase.index < current.index:
            state = "done"
        elif phase == current:
            state = "current"
        else:
            state = "upcoming"
        # A phase without its own start opens when the one before ends: show that date.
        steps.append(Step(phase, opens_at(phase, schedule), window.ends, state))
    return steps


EDGE_WORDS = {
    "starts": N_("Must not be before the start of “%(phase)s” (%(time)s)."),
    "ends": N_("Must not be before the end of “%(phase)s” (%(time)s)."),
}


def schedule_errors(schedule: Schedule) -> dict[tuple[Phase, str], Text]:
    """Dates must run forward: every start and end, in phase order, no earlier than the one
    before, and a phase's end after its start. Keys are (phase, "starts" | "ends") so a form
    can put the message on the field. The times are shown as given (staff's local times)."""
    errors: dict[tuple[Phase, str], Text] = {}
    last: tuple[datetime, Phase, str] | None = None
    for phase in ORDER:
        window = schedule.get(phase, Window())
        for edge, value in (("starts", window.starts), ("ends", window.ends)):
            if value is None:
                continue
            if edge == "ends" and window.starts is not None and value <= window.starts:
                errors[(phase, edge)] = Text(N_("The end must come after the start."))
            elif last is not None and value < last[0]:
                at, before, before_edge = last
                errors[(phase, edge)] = Text(
                    EDGE_WORDS[before_edge],
                    {"phase": Text(before.label), "time": f"{at:%Y-%m-%d %H:%M}"},
                )
            else:
                last = (value, phase, edge)
    return errors

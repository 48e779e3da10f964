from datetime import datetime, timedelta

from pb.domain.phases import (
    Phase,
    Window,
    dated_phase,
    effective_phase,
    is_frozen,
    next_step,
    possible_from,
    schedule_errors,
    timeline,
)
from pb.domain.text import Text

T0 = datetime(2030, 3, 1, 9, 0)
DAY = timedelta(days=1)

SCHEDULE = {
    Phase.IDEAS: Window(T0, T0 + 30 * DAY),
    Phase.PROPOSALS: Window(T0 + 30 * DAY, T0 + 60 * DAY),
    Phase.VOTING: Window(T0 + 70 * DAY, T0 + 80 * DAY),
    Phase.IMPLEMENTATION: Window(T0 + 100 * DAY, None),
}


def test_no_dates_means_the_hand_set_phase():
    for phase in Phase:
        assert effective_phase(phase, {}, T0) == phase


def test_dates_move_the_cycle_forward():
    assert effective_phase(Phase.IDEAS, SCHEDULE, T0 - DAY) == Phase.IDEAS
    assert effective_phase(Phase.IDEAS, SCHEDULE, T0 + 31 * DAY) == Phase.PROPOSALS
    assert effective_phase(Phase.IDEAS, SCHEDULE, T0 + 65 * DAY) == Phase.PROPOSALS
    assert effective_phase(Phase.IDEAS, SCHEDULE, T0 + 70 * DAY) == Phase.VOTING


def test_end_of_voting_closes_voting_without_a_counting_date():
    assert effective_phase(Phase.IDEAS, SCHEDULE, T0 + 80 * DAY) == Phase.COUNTING


def test_dates_never_publish_results():
    # The implementation date has passed but nobody published the count: stay in counting.
    assert effective_phase(Phase.VOTING, SCHEDULE, T0 + 200 * DAY) == Phase.COUNTING
    # Once staff published the results, the implementation date applies.
    assert effective_phase(Phase.RESULTS, SCHEDULE, T0 + 99 * DAY) == Phase.RESULTS
    assert effective_phase(Phase.RESULTS, SCHEDULE, T0 + 100 * DAY) == Phase.IMPLEMENTATION


def test_manual_advance_wins_over_dates_not_reached():
    assert effective_phase(Phase.VOTING, SCHEDULE, T0 + DAY) == Phase.VOTING
    assert is_frozen(effective_phase(Phase.VOTING, SCHEDULE, T0 + DAY))


def test_dated_phase_before_any_date_is_none():
    assert dated_phase(SCHEDULE, T0 - DAY) is None


def test_next_step_names_the_date():
    step = next_step(Phase.IDEAS, SCHEDULE, T0 + DAY)
    assert step.phase == Phase.PROPOSALS and step.at == T0 + 30 * DAY and step.automatic
    # Counting has no date of its own: the end of voting opens it.
    step = next_step(Phase.VOTING, SCHEDULE, T0 + 71 * DAY)
    assert step.phase == Phase.COUNTING and step.at == T0 + 80 * DAY
    step = next_step(Phase.COUNTING, SCHEDULE, T0 + 81 * DAY)
    assert step.phase == Phase.RESULTS and not step.automatic
    assert next_step(Phase.IMPLEMENTATION, SCHEDULE, T0) is None


def test_next_step_without_dates():
    step = next_step(Phase.IDEAS, {}, T0)
    assert step.phase == Phase.PROPOSALS and step.at is None and not step.automatic


def test_possible_from_says_when():
    assert possible_from((Phase.VOTING,), Phase.IDEAS, SCHEDULE) == (Phase.VOTING, T0 + 70 * DAY)
    assert possible_from((Phase.VOTING,), Phase.IDEAS, {}) == (Phase.VOTING, None)
    assert possible_from((Phase.IDEAS,), Phase.VOTING, SCHEDULE) == (None, None)


def test_timeline_marks_done_current_upcoming():
    steps = timeline(Phase.VOTING, SCHEDULE)
    assert [s.state for s in steps] == [
        "done",
        "done",
        "current",
        "upcoming",
        "upcoming",
        "upcoming",
    ]
    assert steps[2].starts == T0 + 70 * DAY
    assert steps[3].starts == T0 + 80 * DAY  # counting opens when voting ends


def test_schedule_errors_when_dates_run_backwards():
    assert schedule_errors(SCHEDULE) == {}
    bad = dict(SCHEDULE)
    bad[Phase.VOTING] = Window(T0 + 10 * DAY, T0 + 80 * DAY)
    errors = schedule_errors(bad)
    assert list(errors) == [(Phase.VOTING, "starts")]
    assert "the end of “Proposal development”" in str(errors[(Phase.VOTING, "starts")])
    after_start = {(Phase.IDEAS, "ends"): Text("The end must come after the start.")}
    assert schedule_errors({Phase.IDEAS: Window(T0, T0 - DAY)}) == after_start
    assert schedule_errors({Phase.IDEAS: Window(T0, T0)}) == after_start
    assert schedule_errors({Phase.IDEAS: Window(T0, T0 + DAY)}) == {}

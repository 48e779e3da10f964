"""Where a cycle stands: its phase from the hand-set phase and the dates (pb.domain.phases has
the rule), its timeline, and the staff actions that set dates and advance by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _

from pb.domain.phases import (
    ORDER,
    NextStep,
    Phase,
    Step,
    Window,
    effective_phase,
    next_step,
    possible_from,
    schedule_errors,
    timeline,
)
from pb.domain.text import Text, TextError
from pb.domain.zones import DEFAULT_ZONE, to_local, to_utc
from pb.models.audit import record
from pb.models.cycle import Cycle
from pb.models.people import User
from pb.models.schedule import PhaseDate, phase_of, schedule_of
from pb.models.types import utcnow
from pb.services import counting_keys
from pb.services.errors import Conflict, Refused, transaction


@dataclass(frozen=True)
class Standing:
    current: Phase
    steps: list[Step]
    next: NextStep | None


def standing(cycle: Cycle, now: datetime | None = None) -> Standing:
    now = now or utcnow()
    schedule = schedule_of(cycle)
    current = effective_phase(Phase(cycle.phase), schedule, now)
    return Standing(current, timeline(current, schedule), next_step(current, schedule, now))


def dates(cycle: Cycle) -> dict[Phase, Window]:
    """The cycle's phase dates as set by staff (phases without dates are left out)."""
    return schedule_of(cycle)


def when_possible(
    cycle: Cycle, allowed: tuple[Phase, ...], now: datetime | None = None
) -> tuple[Phase | None, datetime | None]:
    return possible_from(allowed, phase_of(cycle, now), schedule_of(cycle))


def set_dates(
    actor: User, cycle: Cycle, dates: dict[Phase, Window], key_dir: str | Path | None = None
) -> None:
    """Replace the cycle's phase dates. Refused (nothing saved) when they do not run forward;
    the field is named "<phase>_<starts|ends>". Dates that will open the vote by themselves
    create its counting key now (server custody, under `key_dir`), as opening by hand does."""
    errors = schedule_errors(dates)
    if errors:
        (phase, edge), message = next(iter(errors.items()))
        raise Refused(say(message), field=f"{phase.value}_{edge}")
    with transaction():
        existing = {Phase(d.phase): d for d in cycle.phase_dates}
        for phase in ORDER:
            window = dates.get(phase, Window())
            row = existing.get(phase)
            if window.starts is None and window.ends is None:
                if row is not None:
                    cycle.phase_dates.remove(row)
                continue
            if row is None:
                row = PhaseDate(phase=phase.value)
                cycle.phase_dates.append(row)
            row.starts_at, row.ends_at = window.starts, window.ends
        if key_dir is not None and dates.get(Phase.VOTING, Window()).starts is not None:
            counting_keys.ensure_server_key(actor, cycle, key_dir)
        record(
            actor,
            "phase.dates",
            f"cycle:{cycle.id}",
            dates={p.value: [w.starts, w.ends] for p, w in dates.items() if w.starts or w.ends},
        )


def say(text: Text) -> str:
    """A domain message in the request's language (values as they are)."""
    return text.render(_, lambda v: say(v) if isinstance(v, Text) else str(v))


def local_dates(cycle: Cycle) -> dict[Phase, Window]:
    """The phase dates as wall-clock times in the cycle's time zone, for the staff form."""
    zone = cycle.time_zone or DEFAULT_ZONE
    return {
        p: Window(to_local(w.starts, zone), to_local(w.ends, zone)) for p, w in dates(cycle).items()
    }


def set_local_dates(
    actor: User, cycle: Cycle, local: dict[Phase, Window], key_dir: str | Path | None = None
) -> None:
    """`set_dates` with times staff typed in the cycle's zone. A time the clocks skip or repeat
    there is refused on its field; the order is checked on the times as typed, so the messages
    show them as staff know them."""
    errors = schedule_errors(local)
    if errors:
        (phase, edge), message = next(iter(errors.items()))
        raise Refused(say(message), field=f"{phase.value}_{edge}")
    zone = cycle.time_zone or DEFAULT_ZONE
    converted = {}
    for phase, window in local.items():
        edges = {}
        for edge, value in (("starts", window.starts), ("ends", window.ends)):
            try:
                edges[edge] = to_utc(value, zone)
            except TextError as e:
                raise Refused(say(e.text), field=f"{phase.value}_{edge}") from None
        converted[phase] = Window(edges["starts"], edges["ends"])
    set_dates(actor, cycle, converted, key_dir)


def set_phase(actor: User, cycle: Cycle, to: Phase, now: datetime | None = None) -> Phase:
    """Set the phase by hand. Moving forward always works; moving back only while no date
    pulls the cycle forward again (the message says which dates to clear)."""
    now = now or utcnow()
    before = phase_of(cycle, now)
    after = effective_phase(to, schedule_of(cycle), now)
    if after != to:
        raise Conflict(
            _(
                "The dates put %(cycle)s in “%(phase)s”: clear the dates from “%(next)s” on "
                "first, then set the phase again.",
                cycle=cycle.name,
                phase=_(after.label),
                next=_(ORDER[to.index + 1].label),
            ),
            field="phase",
        )
    with transaction():
        cycle.phase = to.value
        record(actor, "phase.set", f"cycle:{cycle.id}", before=before.value, after=to.value)
    return to


def advance(actor: User, cycle: Cycle, now: datetime | None = None) -> Phase:
    current = phase_of(cycle, now)
    following = current.next()
    if following is None:
        raise Refused(_("%(cycle)s is already in its last phase.", cycle=cycle.name))
    return set_phase(actor, cycle, following, now)

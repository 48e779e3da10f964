"""Access rules by phase: a view for one phase of a cycle says so once, with a decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, render_template, request

from pb.domain.phases import Phase
from pb.models import Cycle
from pb.services.browsing import find_cycle

T = TypeVar("T")
P = TypeVar("P")


def or_404(found: T | None) -> T:
    """What a lookup found, or a 404 when it found nothing."""
    if found is None:
        abort(404)
    return found


def cycle_by_slug(slug: str) -> Cycle:
    return or_404(find_cycle(slug))


def wrong_phase(cycle: Cycle, phases: tuple[Phase, ...]):
    """409 with a page that says where the cycle stands and when the action becomes possible."""
    from pb.services.phases import when_possible

    next_phase, opens = when_possible(cycle, phases)
    page = render_template(
        "errors/wrong_phase.html", cycle=cycle, phases=phases, next_phase=next_phase, opens=opens
    )
    return page, 409


def phase_required(*phases: Phase) -> Callable:
    """The view takes `slug` (the cycle); outside `phases` it answers 409 with a page that says
    where the cycle stands and when the action will be possible. The cycle is put on `g.cycle`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            cycle = g.cycle = cycle_by_slug(kwargs["slug"])
            if cycle.current_phase not in phases:
                return wrong_phase(cycle, phases)
            return view(*args, **kwargs)

        return wrapped

    return decorator


MAX_PAGE = 100_000  # far past any real list; a bigger number would overflow the SQL OFFSET


def page_number() -> int:
    """The ?page= of a paged list: a whole number from 1, else 404 (not a database error)."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(404)
    return int(raw)


def page_or_404(page: P) -> P:  # a flask_sqlalchemy Pagination
    """A page past the last one is not there (page 1 of an empty list is)."""
    if page.page > max(page.pages, 1):
        abort(404)
    return page

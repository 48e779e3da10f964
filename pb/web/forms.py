"""What every view with a form shares: run the use case once the form is valid, put a refusal
next to the field it concerns, and answer with the status code the page deserves.

    done = attempt(form, lambda: service.create_cycle(current_user, **form.values()))
    if done:
        flash(...); return redirect(...)
    return render_template(...), form_status(form)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from pb.services.errors import Conflict, Refused

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(form: FlaskForm, call: Callable[[], T]) -> Attempt[T]:
    """Validate a submitted `form`; when it is valid, run `call`. A Refused from the service is
    shown on the form (see `refuse`, which also keeps it as `form.refusal`) and the attempt is
    not ok."""
    if not form.validate_on_submit():
        return Attempt(False)
    try:
        return Attempt(True, call())
    except Refused as e:
        refuse(form, e)
        return Attempt(False)


def _said(error: Refused) -> str:
    # pb.web.i18n imports the auth views, which use these helpers: look it up when needed.
    from pb.web.i18n import translate

    return translate(error)


def perform(call: Callable[[], T]) -> Attempt[T]:
    """Run a use case that a button starts, with no form to show a refusal on: a Refused is
    flashed as an error and the attempt is not ok."""
    try:
        return Attempt(True, call())
    except Refused as e:
        flash(_said(e), "error")
        return Attempt(False)


def refuse(form: FlaskForm, error: Refused) -> None:
    """Put a service's refusal next to the field it concerns (or at the top of the form).
    Fields inside a list are named like "cost_items-2-amount"."""
    form.refusal = error
    message = _said(error)
    target = None
    parts = (error.field or "").split("-")
    if parts[0] and parts[0] in form:
        target = form[parts[0]]
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(target.entries):
            target = target.entries[int(parts[1])].form[parts[2]]
            # A list's errors are computed once by validate(): say it at the top as well.
            form.form_errors.append(
                _("Row %(row)s: %(message)s", row=int(parts[1]) + 1, message=message)
            )
    if target is not None and not hasattr(target, "entries"):
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)


def form_status(form: FlaskForm) -> int:
    """200 for a form shown fresh; 409 when the state of things refused the change (the ballot
    is frozen, say); 422 when something the person typed or chose needs correcting."""
    if isinstance(getattr(form, "refusal", None), Conflict):
        return 409
    return 422 if form.errors else 200


def ask_photo_again(form: FlaskForm, field: str = "photo") -> None:
    """Browsers do not send a chosen file again: when the form comes back with errors, say so."""
    photo = form[field]
    if form.errors and photo.data:
        photo.errors = [*photo.errors, _("Please choose the photo again.")]

"""Staff: create and edit cycles, open and close the vote, see turnout, read the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import AuditEntry, Cycle
from pb.services import cycles as service
from pb.services.errors import Refused
from pb.services.tallying import latest_counts
from pb.services.voting import codes_voted, turnout
from pb.web.admin import bp
from pb.web.admin.forms import CycleForm
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status


def cycle_or_404(cycle_id: int) -> Cycle:
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        abort(404)
    return cycle


@bp.route("/cycles/new", methods=["GET", "POST"])
@staff_required("staff")
def cycle_new():
    form = CycleForm()
    done = attempt(form, lambda: service.create_cycle(current_user, **form.values()))
    if done:
        flash(f"Cycle {done.value.name} created.", "success")
        return redirect(url_for(".cycle", cycle_id=done.value.id))
    return render_template("admin/cycle_form.html", form=form, cycle=None), form_status(form)


@bp.route("/cycles/<int:cycle_id>/edit", methods=["GET", "POST"])
@staff_required("staff")
def cycle_edit(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    form = CycleForm(obj=cycle)
    if attempt(form, lambda: service.update_cycle(current_user, cycle, **form.values())):
        flash("Saved.", "success")
        return redirect(url_for(".cycle", cycle_id=cycle.id))
    return render_template("admin/cycle_form.html", form=form, cycle=cycle), form_status(form)


@bp.route("/cycles/<int:cycle_id>")
@staff_required("staff")
def cycle(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    phase = cycle.current_phase
    # While voting is open staff see turnout only; per-project numbers exist after a count.
    votes = turnout(cycle) if phase.index >= Phase.VOTING.index else {}
    return render_template(
        "admin/cycle.html",
        cycle=cycle,
        phase=phase,
        turnout=votes,
        codes_voted=codes_voted(cycle) if votes else 0,
        counts=latest_counts(cycle) if phase.index >= Phase.COUNTING.index else {},
        frozen=phase.index >= Phase.VOTING.index,
    )


def _change_voting(cycle_id: int, change, done: str):
    cycle = cycle_or_404(cycle_id)
    try:
        change(current_user, cycle)
    except Refused as e:
        flash(e.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for(".cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/open", methods=["POST"])
@staff_required("staff")
def voting_open(cycle_id: int):
    return _change_voting(
        cycle_id,
        service.open_voting,
        "Voting is open. Budgets, ballots and projects are now frozen.",
    )


@bp.route("/cycles/<int:cycle_id>/close", methods=["POST"])
@staff_required("staff")
def voting_close(cycle_id: int):
    return _change_voting(
        cycle_id, service.close_voting, "Voting is closed. You can now run the count."
    )


@bp.route("/audit")
@staff_required("staff")
def audit():
    entries = db.session.scalars(
        db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)
    ).all()
    return render_template("admin/audit.html", entries=entries)

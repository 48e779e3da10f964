"""Staff: create and edit cycles, see one cycle with its turnout, open and close the vote."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb.services import checklist, site
from pb.services import cycles as service
from pb.services.overview import overview
from pb.web.admin import bp
from pb.web.admin.forms.cycles import CycleForm
from pb.web.admin.keys import key_dir
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status, perform


@bp.route("/cycles/new", methods=["GET", "POST"])
@staff_required("staff")
def cycle_new():
    form = CycleForm(time_zone=site.default_time_zone())
    done = attempt(form, lambda: service.create_cycle(current_user, **form.values()))
    if done:
        flash(_("Cycle %(cycle)s created.", cycle=done.value.name), "success")
        return redirect(url_for(".cycle", slug=done.value.slug))
    return render_template("admin/cycles/form.html", form=form, cycle=None), form_status(form)


@bp.route("/c/<slug>/edit", methods=["GET", "POST"])
@staff_required("staff")
def cycle_edit(slug: str):
    cycle = cycle_by_slug(slug)
    form = CycleForm(obj=cycle)
    if attempt(form, lambda: service.update_cycle(current_user, cycle, **form.values())):
        flash(_("Saved."), "success")
        return redirect(url_for(".cycle", slug=cycle.slug))
    return render_template("admin/cycles/form.html", form=form, cycle=cycle), form_status(form)


@bp.route("/c/<slug>")
@staff_required("staff")
def cycle(slug: str):
    cycle = cycle_by_slug(slug)
    return render_template(
        "admin/cycles/overview.html",
        cycle=cycle,
        overview=overview(cycle),
        blockers=checklist.blockers(cycle),
    )


def _change_voting(slug: str, change, done: str):
    cycle = cycle_by_slug(slug)
    if perform(lambda: change(current_user, cycle)):
        flash(done, "success")
    return redirect(url_for(".cycle", slug=cycle.slug))


def confirm_page(cycle, heading: str, consequences: list[str], button: str, **more):
    """GET of a one-way action: say what will happen; only the page's button (a POST) does it."""
    return render_template(
        "admin/confirm.html",
        cycle=cycle,
        heading=heading,
        consequences=consequences,
        button=button,
        action=request.path,
        back=more.pop("back", url_for(".cycle", slug=cycle.slug)),
        **more,
    )


@bp.route("/c/<slug>/open", methods=["GET", "POST"])
@staff_required("staff")
def voting_open(slug: str):
    if request.method == "GET":
        cycle = cycle_by_slug(slug)
        return confirm_page(
            cycle,
            _("Open voting in %(cycle)s?", cycle=cycle.name),
            [
                _(
                    "Residents can vote as soon as you open. Budgets, ballot settings, costs "
                    "and projects are frozen from then on: nothing about the ballot can change."
                ),
                _(
                    "Opening creates the counting key every ballot is sealed to. Losing that "
                    "key loses the election."
                ),
            ],
            _("Open voting now"),
            blockers=checklist.blockers(cycle),
            previews=cycle.budgets,
        )
    return _change_voting(
        slug,
        lambda actor, cycle: service.open_voting(actor, cycle, key_dir()),
        _("Voting is open. Budgets, ballots and projects are now frozen."),
    )


@bp.route("/c/<slug>/close", methods=["GET", "POST"])
@staff_required("staff")
def voting_close(slug: str):
    if request.method == "GET":
        cycle = cycle_by_slug(slug)
        return confirm_page(
            cycle,
            _("Close voting in %(cycle)s?", cycle=cycle.name),
            [
                _(
                    "No one can vote after this, online, at a kiosk or on paper entered by "
                    "staff. Voting cannot be opened again."
                ),
                _("Then you can open the sealed ballots and run the count."),
            ],
            _("Close voting now"),
            button_class="danger",
        )
    return _change_voting(
        slug, service.close_voting, _("Voting is closed. You can now run the count.")
    )

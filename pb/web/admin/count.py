"""Staff: after voting closes, run each budget's count, review it, then publish the results."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from pb.services import counting_keys, opening
from pb.services import tallying as service
from pb.services.overview import count_review
from pb.web.admin import bp
from pb.web.admin.cycles import confirm_page
from pb.web.admin.lookup import budget_in, cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import perform


@bp.route("/c/<slug>/count")
@staff_required("staff")
def count(slug: str):
    cycle = cycle_by_slug(slug)
    return render_template(
        "admin/count/review.html",
        cycle=cycle,
        review=count_review(cycle),
        waiting=opening.waiting_envelopes(cycle),
        openings=opening.openings(cycle),
        key=counting_keys.key_of(cycle),
    )


@bp.route("/c/<slug>/budgets/<int:budget_id>/count", methods=["POST"])
@staff_required("staff")
def count_run(slug: str, budget_id: int):
    cycle = cycle_by_slug(slug)
    budget = budget_in(cycle, budget_id)
    done = perform(lambda: service.run_count(current_user, budget))
    if done:
        flash(
            ngettext(
                "Counted %(num)s ballot of %(budget)s. Review the result below.",
                "Counted %(num)s ballots of %(budget)s. Review the result below.",
                done.value.ballots,
                budget=budget.name,
            ),
            "success",
        )
    return redirect(url_for(".count", slug=cycle.slug))


@bp.route("/c/<slug>/publish", methods=["GET", "POST"])
@staff_required("staff")
def publish(slug: str):
    cycle = cycle_by_slug(slug)
    if request.method == "GET":
        return confirm_page(
            cycle,
            _("Publish the results of %(cycle)s?", cycle=cycle.name),
            [
                _(
                    "Everyone will see the latest count of every budget: which projects are "
                    "funded, and each project's votes."
                ),
                _("Publishing ends the count: budgets cannot be counted again afterwards."),
            ],
            _("Publish the results now"),
            back=url_for(".count", slug=cycle.slug),
        )
    if not perform(lambda: service.publish(current_user, cycle)):
        return redirect(url_for(".count", slug=cycle.slug))
    flash(_("The results are published."), "success")
    return redirect(url_for("public.results", slug=cycle.slug))

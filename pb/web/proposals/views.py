"""Routes for public proposals."""

from __future__ import annotations

from flask import render_template

from pb.services import proposals as svc
from pb.web.guards import cycle_by_slug, or_404
from pb.web.proposals import bp


@bp.route("/c/<slug>/proposals")
def index(slug: str):
    cycle = cycle_by_slug(slug)
    return render_template("proposals/index.html", cycle=cycle, proposals=svc.for_cycle(cycle))


@bp.route("/c/<slug>/proposals/<int:proposal_id>")
def show(slug: str, proposal_id: int):
    cycle = cycle_by_slug(slug)
    proposal = or_404(svc.proposal_in(cycle, proposal_id))
    return render_template(
        "proposals/show.html",
        cycle=cycle,
        proposal=proposal,
        ideas=svc.published_ideas(proposal),
    )

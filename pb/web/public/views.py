"""Public pages: the list of cycles and each cycle's page."""

from flask import render_template

from pb.extensions import db
from pb.models import Cycle
from pb.web.public import bp


@bp.route("/")
def index():
    cycles = db.session.scalars(db.select(Cycle).order_by(Cycle.created_at.desc())).all()
    return render_template("public/index.html", cycles=cycles)


@bp.route("/c/<slug>")
def cycle(slug: str):
    cycle = db.first_or_404(db.select(Cycle).filter_by(slug=slug))
    return render_template("public/cycle.html", cycle=cycle)

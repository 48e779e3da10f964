from flask import render_template

from pb.extensions import db
from pb.models import Cycle
from pb.web.admin import bp


@bp.route("/")
def index():
    cycles = db.session.scalars(db.select(Cycle).order_by(Cycle.created_at.desc())).all()
    return render_template("admin/index.html", cycles=cycles)

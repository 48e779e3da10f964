"""The staff home: every cycle, with the links into it."""

from __future__ import annotations

from flask import render_template

from pb.services import cycles
from pb.web.admin import bp


@bp.route("/")
def index():
    return render_template("admin/index.html", cycles=cycles.all_cycles())

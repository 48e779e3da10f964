"""The staff home, where staff land after signing in: every cycle, with what needs attention
and the links into it."""

from __future__ import annotations

from flask import render_template

from pb.services import staff_home
from pb.web.admin import bp


@bp.route("/")
def index():
    return render_template("admin/index.html", cards=staff_home.cards())

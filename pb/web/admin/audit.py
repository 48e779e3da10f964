"""Staff: the audit log, newest first."""

from __future__ import annotations

from flask import render_template

from pb.services import audit_log
from pb.web.admin import bp
from pb.web.auth import staff_required


@bp.route("/audit")
@staff_required("staff")
def audit():
    return render_template("admin/audit/log.html", entries=audit_log.latest(500))

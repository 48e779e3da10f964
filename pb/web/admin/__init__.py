"""Staff and delegate pages. One access rule for the whole blueprint: signed in as admin, staff
or delegate; views that are for staff only add `@staff_required("staff")`."""

from flask import Blueprint, abort
from flask_login import current_user

from pb.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _signed_in_team_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role("staff", "delegate"):
        abort(403)


# The views modules register their routes on `bp` when imported.
from pb.web.admin import (  # noqa: E402, F401
    audit,
    budgets,
    codes,
    count,
    cycles,
    eligibility,
    home,
    ideas,
    implementation,
    keys,
    kiosks,
    mailings,
    moved,
    open_data,
    paper,
    phases,
    preview,
    project_import,
    projects,
    proposals,
    site,
    texts,
    words,
)

# Old addresses redirect to the new ones, behind the same sign-in rule (a nested blueprint
# runs its parent's before_request).
bp.register_blueprint(moved.bp)

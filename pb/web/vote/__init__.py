"""Residents vote: enter a code -> choose a budget -> ballot -> review -> submit -> confirmation.

Between steps the device keeps only a random voter-session token; the server keeps the code
(pb.services.voter_sessions). Once every budget the code allows has a ballot, or the voter says
they are done, or they leave the device idle, the session ends on the server.
"""

from flask import Blueprint

bp = Blueprint("vote", __name__, url_prefix="/vote")


@bp.after_request
def _no_store(response):
    # A shared device's Back button, history and cache must show nothing of the previous voter.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


from pb.web.vote import new_voter, own_code, views  # noqa: E402, F401

"""Residents vote: enter a code -> choose a budget -> ballot -> review -> submit -> confirmation.

The code's id stays in the signed session between steps; once every budget the code allows has
a ballot, the session forgets it.
"""

from flask import Blueprint

bp = Blueprint("vote", __name__, url_prefix="/vote")

from pb.web.vote import views  # noqa: E402, F401

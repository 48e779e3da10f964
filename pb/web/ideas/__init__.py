"""Ideas, publicly: browse and search, submit (idea collection only, rate limited), support
(once per browser session), flag for review."""

from flask import Blueprint

bp = Blueprint("ideas", __name__)

from pb.web.ideas import views  # noqa: E402, F401

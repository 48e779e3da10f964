"""What gets built, publicly: a cycle's funded projects with their progress and money spent,
and each project's dated updates."""

from flask import Blueprint

bp = Blueprint("implementation", __name__)

from pb.web.implementation import views  # noqa: E402, F401

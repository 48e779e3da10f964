from flask import Blueprint

bp = Blueprint("public", __name__)

from pb.web.public import downloads, views  # noqa: E402, F401

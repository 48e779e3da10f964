"""Proposals, publicly: the list of a cycle's proposals and each one with its review, costs and
the ideas behind it."""

from flask import Blueprint

bp = Blueprint("proposals", __name__)

from pb.web.proposals import views  # noqa: E402, F401

"""A device enrolled as a kiosk: its own cookie (apart from the staff session), pages limited to
its cycle's vote, nothing cached, and a body class for kiosk-sized pages.

Staff enrol a device from the staff pages (pb/web/admin/kiosks.py); that signs the staff member
out on the device, so the kiosk reaches no staff page until someone signs in again.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, g, redirect, request, url_for
from flask_login import current_user

from pb.services import kiosks
from pb.services.kiosks import KioskInfo

COOKIE = "pb_kiosk"
MAX_AGE = 180 * 24 * 3600  # until revoked, in practice: a kiosk stands for a whole vote

bp = Blueprint("kiosk", __name__)


def current_kiosk() -> KioskInfo | None:
    return g.get("kiosk")


def enrol_device(response: Response, token: str) -> Response:
    g.enrolled = True
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


def _allowed(kiosk: KioskInfo, path: str) -> bool:
    public = f"/c/{kiosk.slug}"
    return (
        path.startswith((f"/vote/{kiosk.slug}/", "/static/", "/media/"))
        # The site's look (/site.css, /favicon.ico) loads with every page: sent to the start
        # screen instead, it would end the voter's session mid-ballot.
        or path in ("/login", "/logout", "/language", "/site.css", "/favicon.ico", "/privacy")
        or path == public
        or path.startswith("/i18n/")
        or path.startswith(public + "/")
    )


@bp.before_app_request
def _kiosk_device():
    token = request.cookies.get(COOKIE)
    kiosk = g.kiosk = kiosks.kiosk_by_token(token) if token else None
    if kiosk is None or current_user.is_authenticated:
        return None  # staff who signed in again on the device may go anywhere they may
    if not _allowed(kiosk, request.path):
        return redirect(url_for("vote.start", slug=kiosk.slug))
    return None


@bp.after_app_request
def _kiosk_headers(response: Response) -> Response:
    if g.get("kiosk") is not None and not request.path.startswith("/static/"):
        # Back, Forward and Refresh must fetch again and so show nothing of an earlier voter.
        response.headers["Cache-Control"] = "no-store"
    elif request.cookies.get(COOKIE) and g.get("kiosk") is None and not g.get("enrolled"):
        response.delete_cookie(COOKIE)  # revoked: an ordinary browser again
    return response


def init_app(app: Flask) -> None:
    @app.context_processor
    def _kiosk_context():
        return {"kiosk": g.get("kiosk")}

    app.register_blueprint(bp)

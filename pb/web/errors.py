"""Friendly error pages. A stale CSRF token (a kiosk left open) gets a fresh page, not a 400."""

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def error_page(code: int, title: str, message: str):
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_app(app: Flask) -> None:
    page = error_page

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        if request.blueprint == "vote":
            from pb.web.vote.views import restart_after_stale_form

            restart = restart_after_stale_form()
            if restart is not None:
                return restart
        return page(
            400,
            _("This page was open too long"),
            _(
                "For your security the form expired. Nothing was saved. Please go back, reload "
                "the page and try again."
            ),
        )

    @app.errorhandler(403)
    def forbidden(e):
        return page(403, _("Not allowed"), _("You do not have access to this page."))

    @app.errorhandler(404)
    def not_found(e):
        return page(404, _("Page not found"), _("There is nothing at %(path)s.", path=request.path))

    @app.errorhandler(413)
    def too_large(e):
        return page(
            413, _("File too large"), _("The file you sent is too large. Nothing was saved.")
        )

    @app.errorhandler(429)
    def too_many(e):
        return page(429, _("Too many requests"), _("Please wait a minute and try again."))

    @app.errorhandler(500)
    def server_error(e):
        return page(500, _("Something went wrong"), _("Nothing was saved. Please try again later."))

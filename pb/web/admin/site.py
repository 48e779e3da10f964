"""Admins: the site's settings (name, logo, colour, footer, privacy notice, contact)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from pb.services import photos, site
from pb.web.admin import bp
from pb.web.admin.forms.site import SiteForm
from pb.web.auth import staff_required
from pb.web.forms import ask_photo_again, attempt, form_status
from pb.web.media import uploads_store


def _save(form: SiteForm):
    upload = form.logo.data
    sent = upload.read() if isinstance(upload, FileStorage) and upload.filename else None
    with photos.stored_photo(sent, uploads_store(), field="logo") as name:
        logo = name or ("" if form.remove_logo.data else None)
        return site.update_settings(
            current_user, logo=logo, uploads=uploads_store(), **form.values()
        )


@bp.route("/site", methods=["GET", "POST"])
@staff_required("admin")
def site_settings():
    settings = site.settings()
    form = SiteForm(obj=settings)
    if attempt(form, lambda: _save(form)):
        flash(_("Site settings saved."), "success")
        return redirect(url_for("admin.site_settings"), 303)
    ask_photo_again(form, "logo")
    return render_template("admin/site/form.html", form=form, settings=settings), form_status(form)

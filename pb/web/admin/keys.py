"""Staff: who keeps a vote's counting key, and opening the sealed ballots at the count."""

from __future__ import annotations

import base64

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from pb.services import counting_keys, opening
from pb.services.errors import Refused
from pb.web.admin import bp
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import perform

MAX_SHARE_BYTES = 4096


def key_dir() -> str:
    return current_app.config["PB_KEY_DIR"]


def shares_given() -> list[str]:
    """Shares typed into the page's boxes or uploaded as share files."""
    texts = [t for t in request.form.getlist("share") if t.strip()]
    for upload in request.files.getlist("share_file"):
        if upload and upload.filename:
            data = upload.read(MAX_SHARE_BYTES + 1)
            if len(data) > MAX_SHARE_BYTES:
                raise Refused(_("A share file is a few lines of words; this file is too large."))
            texts.append(data.decode("utf-8", "replace"))
    return texts


def _key_page(cycle, status=200, **extra):
    return render_template(
        "admin/keys/custody.html",
        cycle=cycle,
        key=counting_keys.key_of(cycle),
        warning=counting_keys.LOSS_WARNING,
        **extra,
    ), status


@bp.route("/c/<slug>/key")
@staff_required("staff")
def counting_key(slug: str):
    return _key_page(cycle_by_slug(slug))


@bp.route("/c/<slug>/key/trustees", methods=["POST"])
@staff_required("staff")
def key_trustees(slug: str):
    cycle = cycle_by_slug(slug)
    names = request.form.get("trustees", "").splitlines()
    try:
        threshold = int(request.form.get("threshold", ""))
    except ValueError:
        return _key_page(cycle, 422, error="Give the number of shares needed as a whole number.")
    try:
        shares = counting_keys.prepare_trustee_key(current_user, cycle, names, threshold)
    except Refused as e:
        return _key_page(cycle, 422 if e.field else 409, error=e.message)
    downloads = [
        (f, "data:text/plain;base64," + base64.b64encode(f.text().encode()).decode())
        for f in shares.files
    ]
    # The shares exist only in this answer: the page must not be kept by any cache.
    page = render_template(
        "admin/keys/shares.html", cycle=cycle, shares=shares, downloads=downloads
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/c/<slug>/key/confirm", methods=["POST"])
@staff_required("staff")
def key_confirm(slug: str):
    cycle = cycle_by_slug(slug)
    try:
        counting_keys.confirm_trustee_key(current_user, cycle, shares_given())
    except Refused as e:
        return _key_page(cycle, 422, error=e.message)
    flash(_("The shares give the key back. The vote can open."), "success")
    return redirect(url_for(".cycle", slug=cycle.slug))


@bp.route("/c/<slug>/envelopes/open", methods=["POST"])
@staff_required("staff")
def envelopes_open(slug: str):
    cycle = cycle_by_slug(slug)
    done = perform(
        lambda: opening.open_envelopes(
            current_user, cycle, counting_keys.private_key(cycle, key_dir(), shares_given())
        )
    )
    if not done:
        return redirect(url_for(".count", slug=cycle.slug))
    counting_keys.destroy_server_key(cycle, key_dir())
    opened = sum(r.opened for r in done.value.values())
    spoiled = sum(len(r.spoiled) for r in done.value.values())
    flash(
        ngettext(
            "Opened %(num)s sealed ballot; %(spoiled)s could not be counted.",
            "Opened %(num)s sealed ballots; %(spoiled)s could not be counted.",
            opened,
            spoiled=spoiled,
        ),
        "success",
    )
    return redirect(url_for(".count", slug=cycle.slug))

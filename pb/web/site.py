"""The site's own look for every page: its name and logo in the header, links, privacy notice
and contact in the footer (templates get `site` and `site_links`), the primary colour as a
small stylesheet (a strict CSP allows no inline style), the favicon and the privacy page.
Also the two template helpers that read a cycle's settings: `cycle_time(value, cycle)` shows a
stored time in the cycle's zone, `obj|localized('title')` a text in the resident's language."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, g, render_template, request
from flask_babel import get_locale
from sqlalchemy.exc import SQLAlchemyError

from pb.domain.zones import zone
from pb.services import photos, site, texts
from pb.services.errors import Refused
from pb.sqlite import deferred
from pb.web.filters import when
from pb.web.media import uploads_store

bp = Blueprint("site", __name__)
STATIC = Path(__file__).resolve().parent.parent.parent / "static"


def _settings():
    if "site_settings" not in g:
        # Pages render after a failed write too (the "busy, try again" page): read without
        # queueing for the write lock, and fall back to pb's own look rather than fail.
        try:
            with deferred():
                g.site_settings = site.shown_settings()
        except SQLAlchemyError:
            g.site_settings = site.Shown()
    return g.site_settings


def _links() -> list[site.Link]:
    try:
        return site.links(_settings().footer_links)
    except Refused:  # a row saved before a rule changed must not break every page
        return []


@bp.get("/site.css")
def stylesheet():
    colour = _settings().primary_colour
    body = f":root {{ --accent: {colour}; }}\n" if colour else "/* pb's own colours */\n"
    response = Response(body, mimetype="text/css")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.no_cache = True  # revalidate: an admin may change the colour
    return response.make_conditional(request)


@bp.get("/favicon.ico")
def favicon():
    logo = _settings().logo
    blob = photos.fetch(logo, uploads_store()) if logo else None
    if blob is None:
        data, mimetype = (STATIC / "img" / "favicon.svg").read_bytes(), "image/svg+xml"
    else:
        data, mimetype = blob.data, blob.mimetype
    response = Response(data, mimetype=mimetype)
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)


@bp.get("/privacy")
def privacy():
    settings = _settings()
    if not settings.privacy_notice.strip():
        abort(404)
    return render_template("site/privacy.html", notice=settings.privacy_notice)


def cycle_time(value: datetime | date | None, cycle) -> str:
    """A stored (UTC) time in the cycle's time zone, with the zone's name."""
    name = getattr(cycle, "time_zone", None) or "UTC"
    return when(value, zone(name))


def localized(obj, name: str) -> str:
    """`obj`'s text `name` (a cycle, budget or project) in the request's language, falling back
    to the cycle's default language. The cycle's texts are read once per request."""
    cycle_id = texts.cycle_of(obj)
    if cycle_id is None:
        return str(getattr(obj, name, "") or "")
    return texts.localized(obj, name, str(get_locale() or "en"), _stored(cycle_id))


def _stored(cycle_id: int) -> dict:
    """The cycle's texts in other languages, read once per request."""
    cache = g.setdefault("local_texts", {})
    if cycle_id not in cache:
        cache[cycle_id] = texts.stored(cycle_id)
    return cache[cycle_id]


def local_rows(rows, kind: str, cycle, *fields: str) -> list:
    """Plain rows of the vote's lean queries (NamedTuples or frozen dataclasses, holding the
    default-language texts) with `fields` in the request's language where staff wrote them.
    `cycle` is the vote's cycle row. A resident reading the cycle's default language needs no
    other texts (most ballots); otherwise the texts are read once per request and looked up
    for all rows (a ballot has 80 or more)."""
    lang = str(get_locale() or "en")
    if lang == cycle.default_language and all((kind, f) in texts.IN_COLUMN for f in fields):
        return list(rows)  # the rows hold the default language's texts already
    saved = _stored(cycle.id)
    out = []
    for row in rows:
        changes = {f: saved.get((kind, row.id, f, lang)) for f in fields}
        changes = {f: v for f, v in changes.items() if v}
        if changes:
            row = row._replace(**changes) if hasattr(row, "_replace") else replace(row, **changes)
        out.append(row)
    return out


def local_row(row, kind: str, cycle, *fields: str):
    """`local_rows` for one row."""
    return local_rows((row,), kind, cycle, *fields)[0]


def _globals() -> dict:
    return {"site": _settings(), "site_links": _links()}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.context_processor(_globals)
    app.add_template_filter(localized, "localized")
    app.add_template_filter(cycle_time, "cycle_time")
    app.add_template_global(cycle_time, "cycle_time")

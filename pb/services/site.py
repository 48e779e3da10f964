"""The site's settings (one row): the city or organisation's name and logo, its primary colour
(checked for WCAG AA contrast before saving), footer links, privacy notice, contact address, and
the time zone new cycles start with. Admins change them; every page reads them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _

from pb.domain.contrast import BadColour, check_primary
from pb.domain.text import TextError
from pb.domain.zones import DEFAULT_ZONE, is_zone
from pb.extensions import db
from pb.models.audit import record
from pb.models.people import User
from pb.models.site import SiteSettings
from pb.services import photos
from pb.services.errors import Refused, transaction

MAX_LINKS = 6


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def shown(error: TextError) -> str:
    """A domain input error in the request's language, for a Refused."""
    return error.text.render(_, str)


def settings() -> SiteSettings:
    """The stored settings, or blank ones (not saved) before an admin has set any."""
    # No autoflush: pages render after a failed write too, and flushing what it left pending
    # would wait for the write lock again.
    with db.session.no_autoflush:
        row = db.session.scalar(db.select(SiteSettings).order_by(SiteSettings.id).limit(1))
    return row or blank()


@dataclass(frozen=True)
class Shown:
    """The settings as every page shows them: read with one plain query (no ORM object), since
    every page, the ballot included, renders them."""

    name: str = ""
    logo: str = ""
    primary_colour: str = ""
    footer_links: str = ""
    privacy_notice: str = ""
    contact: str = ""
    default_time_zone: str = DEFAULT_ZONE


_SHOWN = (
    db.select(
        SiteSettings.name,
        SiteSettings.logo,
        SiteSettings.primary_colour,
        SiteSettings.footer_links,
        SiteSettings.privacy_notice,
        SiteSettings.contact,
        SiteSettings.default_time_zone,
    )
    .order_by(SiteSettings.id)
    .limit(1)
)


def shown_settings() -> Shown:
    """What pages show; pb's own look before an admin has set anything. Read on the session's
    connection without flushing: pages render after a failed write too."""
    row = db.session.connection().execute(_SHOWN).first()
    if row is None:
        return Shown()
    return Shown(*(value or "" for value in row[:-1]), row[-1] or DEFAULT_ZONE)


def blank() -> SiteSettings:
    return SiteSettings(
        name="",
        logo="",
        primary_colour="",
        footer_links="",
        privacy_notice="",
        contact="",
        default_time_zone=DEFAULT_ZONE,
    )


def default_time_zone() -> str:
    return settings().default_time_zone or DEFAULT_ZONE


def links(text: str) -> list[Link]:
    """'Label | https://...' a line; refused when a line has no label or a link of another kind
    than http(s) or a path on this site (a javascript: link would run on every page)."""
    found = []
    for number, line in enumerate(row for row in text.splitlines() if row.strip()):
        label, _bar, url = (part.strip() for part in line.partition("|"))
        parts = urlsplit(url)
        local = url.startswith("/") and not url.startswith("//")
        if not label or not (local or (parts.scheme in ("http", "https") and parts.netloc)):
            raise Refused(
                _(
                    "Line %(n)s: write a label, a bar and an address, e.g. "
                    "“City hall | https://example.org”.",
                    n=number + 1,
                ),
                "footer_links",
            )
        found.append(Link(label[:60], url[:300]))
    if len(found) > MAX_LINKS:
        raise Refused(_("At most %(most)s footer links.", most=MAX_LINKS), "footer_links")
    return found


def update_settings(
    actor: User,
    *,
    name: str,
    primary_colour: str,
    footer_links: str,
    privacy_notice: str,
    contact: str,
    default_time_zone: str,
    logo: str | None = None,
    uploads: photos.Uploads = None,
) -> SiteSettings:
    """Save the settings. `logo` is a stored photo's name (see photos.stored_photo), "" to
    remove the logo, None to keep it; the old logo's file goes once the new one is saved."""
    colour = ""
    if primary_colour.strip():
        try:
            colour = check_primary(primary_colour)
        except BadColour as e:
            raise Refused(shown(e), "primary_colour") from None
    links(footer_links)
    if not is_zone(default_time_zone):
        raise Refused(_("Choose a time zone from the list."), "default_time_zone")
    row = db.session.scalar(db.select(SiteSettings).order_by(SiteSettings.id).limit(1))
    old_logo = row.logo if row else ""
    with transaction():
        if row is None:
            row = SiteSettings()
            db.session.add(row)
        row.name = name.strip()[:120]
        row.primary_colour = colour
        row.footer_links = footer_links.strip()
        row.privacy_notice = privacy_notice
        row.contact = contact.strip()[:200]
        row.default_time_zone = default_time_zone
        if logo is not None:
            row.logo = logo
        record(actor, "site.update", "site", name=row.name, colour=colour, logo=row.logo)
    if old_logo and old_logo != row.logo:
        photos.discard(old_logo, uploads)
    return row

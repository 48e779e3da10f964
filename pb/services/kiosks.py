"""Kiosks: staff turn a shared device into a voting kiosk for one cycle and one place, see the
enrolled kiosks and revoke them.

The device gets a random token (in a cookie of its own, apart from the staff session); the
database keeps its SHA-256, so a copy of the table enrols nothing. A revoked kiosk's token finds
nothing and the device is an ordinary browser again.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _

from pb.extensions import db
from pb.models import Cycle, User
from pb.models.audit import record
from pb.models.kiosk import Kiosk
from pb.models.types import utcnow
from pb.services import codes
from pb.services.errors import Refused, transaction

IDLE_RANGE = (20, 30 * 60)  # seconds a kiosk may wait for its voter: a sane range for staff


@dataclass(frozen=True)
class KioskInfo:
    """An enrolled kiosk as a request on the device sees it."""

    id: int
    cycle_id: int
    slug: str
    location: str
    idle_seconds: int
    allow_new_voters: bool


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enrol(
    actor: User | None, cycle: Cycle, location: str, allow_new_voters: bool = False
) -> tuple[Kiosk, str]:
    """A new kiosk for `cycle` at `location`; returns it with the token the device keeps.
    `allow_new_voters`: staff may issue a checked resident a one-time code at this kiosk."""
    location = (location or "").strip()
    if not location:
        raise Refused(
            _("Say where the kiosk stands, e.g. 'Central library, ground floor'."), "location"
        )
    if len(location) > 200:
        raise Refused(_("Keep the place under 200 characters."), "location")
    token = secrets.token_urlsafe(32)
    with transaction():
        kiosk = Kiosk(
            cycle_id=cycle.id,
            location=location,
            token_hash=_digest(token),
            allow_new_voters=allow_new_voters,
            enrolled_by_id=actor.id if actor is not None else None,
        )
        db.session.add(kiosk)
        db.session.flush()
        record(
            actor,
            "kiosks.enrol",
            f"cycle:{cycle.slug}",
            kiosk=kiosk.id,
            location=location,
            new_voters=allow_new_voters,
        )
    return kiosk, token


def revoke(actor: User | None, cycle: Cycle, kiosk_id: int) -> Kiosk:
    kiosk = db.session.get(Kiosk, kiosk_id)
    if kiosk is None or kiosk.cycle_id != cycle.id:
        raise Refused(_("No such kiosk in this cycle."))
    if kiosk.revoked_at is not None:
        raise Refused(_("This kiosk is revoked already."))
    with transaction():
        kiosk.revoked_at = utcnow()
        record(actor, "kiosks.revoke", f"cycle:{cycle.slug}", kiosk=kiosk.id)
    return kiosk


def kiosks_of(cycle: Cycle) -> list[Kiosk]:
    return list(
        db.session.scalars(
            db.select(Kiosk)
            .filter_by(cycle_id=cycle.id)
            .order_by(Kiosk.revoked_at.isnot(None), Kiosk.id)
        )
    )


def set_idle(actor: User | None, cycle: Cycle, seconds: int) -> None:
    low, high = IDLE_RANGE
    if not low <= seconds <= high:
        raise Refused(
            _("Choose between %(low)s and %(high)s seconds.", low=low, high=high), "idle_seconds"
        )
    with transaction():
        cycle.kiosk_idle_seconds = seconds
        record(actor, "kiosks.idle", f"cycle:{cycle.slug}", seconds=seconds)


_BY_TOKEN = (
    db.select(
        Kiosk.id,
        Kiosk.cycle_id,
        Cycle.slug,
        Kiosk.location,
        Cycle.kiosk_idle_seconds,
        Kiosk.allow_new_voters,
    )
    .join(Cycle, Cycle.id == Kiosk.cycle_id)
    .where(Kiosk.token_hash == db.bindparam("digest"), Kiosk.revoked_at.is_(None))
)


def kiosk_by_token(token: str | None) -> KioskInfo | None:
    """The live kiosk a device's token names, or None (no token, unknown, revoked)."""
    if not token:
        return None
    row = db.session.execute(_BY_TOKEN, {"digest": _digest(token)}).first()
    return KioskInfo(*row) if row else None


def issue_code(
    staff: User | None, kiosk: KioskInfo, scope: str, district: str, *, pepper: str
) -> str:
    """A one-time code for a resident staff checked at the kiosk (no letter with them): a batch
    of one, labelled with the kiosk. The caller signs the voter in with it at once and never
    shows or keeps it, so the code exists only inside this kiosk's voter session."""
    if staff is None or not staff.has_role("staff"):
        raise Refused(_("Wrong email or password of a staff account."), "password")
    row = db.session.get(Kiosk, kiosk.id)
    if row is None or row.revoked_at is not None or not row.allow_new_voters:
        raise Refused(_("Staff have not allowed new voters at this kiosk."))
    cycle = db.session.get(Cycle, kiosk.cycle_id)
    # The batch's label is stored for staff's lists, not shown to the voter: content in English.
    label = f"new voter at kiosk {kiosk.id} ({kiosk.location})"
    _batch, plain = codes.generate_batch(
        staff,
        cycle,
        1,
        scope=scope,
        district=district,
        label=label,
        pepper=pepper,
    )
    return plain[0]

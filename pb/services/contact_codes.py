"""Codes by email or SMS: a resident gives an address, the code goes there in a one-time link.

One address, one code per cycle: a ContactClaim row (keyed hash of the address, unique per
cycle and channel) is written with the code before the message goes out; the plain address is
never stored. When the cycle wants addresses on the eligibility list, the list's entry takes the
code instead (so one person cannot get a second code through "Get my code"). The caller answers
the same words whatever happened, so the form tells nobody who asked before.
"""

from __future__ import annotations

from collections.abc import Callable

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from pb.domain import eligibility as rules
from pb.extensions import db
from pb.models.eligibility import ContactClaim
from pb.services import codes, eligibility
from pb.services.eligibility import Access
from pb.services.errors import Refused, transaction
from pb.services.messaging import Undelivered, Unreachable

LABELS = {"email": "code by email", "sms": "code by SMS"}


def normalize_email(typed: str, access: Access) -> str:
    try:
        address = validate_email(typed.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Refused(
            _("Please type an email address, like name@example.org."), "address"
        ) from None
    address = rules.normalize_email(address)
    domain = address.rpartition("@")[2]
    if access.email_domains and domain not in access.email_domains:
        allowed = ", ".join(access.email_domains)
        raise Refused(_("Codes go only to addresses at %(allowed)s.", allowed=allowed), "address")
    return address


def normalize_phone(typed: str) -> str:
    digits = "".join(ch for ch in typed if ch.isdigit())
    if not 6 <= len(digits) <= 15 or any(
        not (ch.isdigit() or ch in " +-.()/") for ch in typed.strip()
    ):
        raise Refused(_("Please type a mobile phone number, like +31 6 1234 5678."), "address")
    return ("+" if typed.strip().startswith("+") else "") + digits


def request_contact_code(
    cycle_id: int,
    channel: str,
    typed: str,
    *,
    access: Access,
    pepper: str,
    deliver: Callable[[str, str], None],
) -> bool:
    """Issue a code for this address and `deliver(address, plain_code)`; True when a code went
    out. Refused for an address that is not one (or not of an allowed domain); False when the
    address had its code already or is not on the list. If delivery fails the code is voided
    and the address may ask again (Refused says to try later)."""
    if channel == "email":
        if not access.email_codes:
            raise Refused(_("This vote does not send codes by email."))
        address = normalize_email(typed, access)
    elif channel == "sms":
        if not access.sms_codes:
            raise Refused(_("This vote does not send codes by SMS."))
        address = normalize_phone(typed)
    else:
        raise ValueError(channel)
    digest = rules.contact_hash(channel, address, pepper)
    if channel == "email" and access.email_needs_list:
        issued = eligibility.request_code_by_email(cycle_id, digest, pepper)
        if issued is None:
            return False
        plain = issued.plain
        undo = lambda: eligibility.forget_issue(cycle_id, plain, pepper)  # noqa: E731
    else:
        claimed = _claim(cycle_id, channel, digest, pepper)
        if claimed is None:
            return False
        claim_id, code_id, plain = claimed
        undo = lambda: _unclaim(claim_id, code_id)  # noqa: E731
    try:
        deliver(address, plain)
    except (Undelivered, Unreachable):
        undo()
        raise Refused(
            _("The message could not be sent just now. Please try again later.")
        ) from None
    return True


def _claim(cycle_id: int, channel: str, digest: str, pepper: str):
    with transaction(on_conflict=lambda: Refused(_("Please try again."))):
        if db.session.scalar(
            db.select(ContactClaim.id).filter_by(
                cycle_id=cycle_id, channel=channel, address_hash=digest
            )
        ):
            return None
        code_id, plain = codes.issue_code(cycle_id, "", LABELS[channel], pepper)
        claim = ContactClaim(
            cycle_id=cycle_id, channel=channel, address_hash=digest, code_id=code_id
        )
        db.session.add(claim)
        db.session.flush()
        claim_id = claim.id
    return claim_id, code_id, plain


def _unclaim(claim_id: int, code_id: int) -> None:
    with transaction():
        db.session.execute(db.delete(ContactClaim).where(ContactClaim.id == claim_id))
        codes.void_code_id(code_id)

"""Ways for residents to get their own voter code: an eligibility list ("Get my code"), codes by
email or SMS, and member mailings. Each ends in an ordinary VoterCode, so the vote is one path.

People are known only by keyed hashes (of their identifying fields, their address); the link
from an entry to its code is what makes "one person, one code" hold and lets staff void and
reissue one. A mailing recipient keeps its plain address only until the message is sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db
from pb.models.types import one_of, utcnow

ENTRY_STATUSES = ("active", "withdrawn")
CHANNELS = ("email", "sms")
RECIPIENT_STATUSES = ("queued", "sending", "sent", "failed")


class CodeAccess(db.Model):
    """Which ways to a code a cycle offers residents, chosen by staff."""

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), primary_key=True)
    self_service: Mapped[bool] = mapped_column(default=False)  # "Get my code" from the list
    email_codes: Mapped[bool] = mapped_column(default=False)
    email_domains: Mapped[str] = mapped_column(String(500), default="")  # "" = any domain
    email_needs_list: Mapped[bool] = mapped_column(default=False)  # address must be on the list
    sms_codes: Mapped[bool] = mapped_column(default=False)


class EligibilityList(db.Model):
    """How the cycle's list identifies a person: the columns staff chose (JSON list of names)."""

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), primary_key=True)
    id_columns: Mapped[str] = mapped_column(Text, default="[]")
    district_column: Mapped[str] = mapped_column(String(200), default="")
    email_column: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class EligibilityEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    email_hash: Mapped[str] = mapped_column(String(64), default="", index=True)
    district: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(10), default="active")
    code_id: Mapped[int | None] = mapped_column(ForeignKey("voter_code.id"))

    __table_args__ = (
        UniqueConstraint("cycle_id", "key_hash"),
        CheckConstraint(one_of("status", ENTRY_STATUSES), name="status_known"),
    )


class ContactClaim(db.Model):
    """An address (email or phone) has had its one code of the cycle."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    address_hash: Mapped[str] = mapped_column(String(64))
    code_id: Mapped[int] = mapped_column(ForeignKey("voter_code.id"))

    __table_args__ = (
        UniqueConstraint("cycle_id", "channel", "address_hash"),
        CheckConstraint(one_of("channel", CHANNELS), name="channel_known"),
    )


class Mailing(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class MailingRecipient(db.Model):
    """One member of a mailing. `email` is cleared once the message is sent (`email_hash`
    stays); `code_id` is the code the message carries (the plain code is only in the mail)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailing.id"), index=True)
    member: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    email_hash: Mapped[str] = mapped_column(String(64), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    error: Mapped[str] = mapped_column(Text, default="")
    code_id: Mapped[int | None] = mapped_column(ForeignKey("voter_code.id"))
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("mailing_id", "member"),
        CheckConstraint(one_of("status", RECIPIENT_STATUSES), name="status_known"),
    )

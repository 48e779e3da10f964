"""Sending messages to residents: email over SMTP (stdlib smtplib and email), SMS through a
provider, each with a log backend for development that writes the message to the log instead.

Callers build a backend from the app's configuration (passed in as a mapping, see `mailer` and
`sms_sender`) and use it as a context manager, so a mailing keeps one SMTP connection open for a
whole chunk. `send` raises `Undelivered` when the other side definitely did not take the message,
and `Unreachable` when the connection failed (nothing of this message was accepted either: an
SMTP server takes a message only with its final reply).
"""

from __future__ import annotations

from pb.services.messaging.base import (
    EmailMessage,
    Mailer,
    SmsSender,
    Undelivered,
    Unreachable,
)
from pb.services.messaging.config import mail_is_logged, mailer, sms_sender
from pb.services.messaging.log import LogMailer, LogSms
from pb.services.messaging.smtp import SmtpMailer

__all__ = [
    "EmailMessage",
    "LogMailer",
    "LogSms",
    "Mailer",
    "SmsSender",
    "SmtpMailer",
    "Undelivered",
    "Unreachable",
    "mail_is_logged",
    "mailer",
    "sms_sender",
]

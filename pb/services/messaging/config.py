"""Backends from the app's configuration, passed in as a mapping (views and commands pass
the Flask app's config)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from pb.services.messaging.base import Mailer, SmsSender
from pb.services.messaging.log import LogMailer, LogSms
from pb.services.messaging.smtp import SmtpMailer


def mail_is_logged(config: Mapping[str, Any]) -> bool:
    """No SMTP host configured: mails go to the log (say so on the staff pages)."""
    return not config.get("PB_SMTP_HOST")


def mailer(config: Mapping[str, Any]) -> Mailer:
    sender = config.get("PB_MAIL_FROM") or "pb@localhost"
    if mail_is_logged(config):
        return LogMailer(sender)
    return SmtpMailer(
        config["PB_SMTP_HOST"],
        int(config.get("PB_SMTP_PORT") or 587),
        config.get("PB_SMTP_TLS") or "starttls",
        config.get("PB_SMTP_USER") or "",
        config.get("PB_SMTP_PASSWORD") or "",
        sender,
    )


def sms_sender(config: Mapping[str, Any]) -> SmsSender:
    """PB_SMS_BACKEND: "log" (development), or "package.module:ClassName" of a provider class;
    the class is called with the whole configuration mapping."""
    spec = config.get("PB_SMS_BACKEND") or "log"
    if spec == "log":
        return LogSms()
    module, _, name = spec.partition(":")
    cls = getattr(importlib.import_module(module), name)
    return cls(config)


def sms_is_logged(config: Mapping[str, Any]) -> bool:
    return (config.get("PB_SMS_BACKEND") or "log") == "log"

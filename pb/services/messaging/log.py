"""Development backends: the message goes to the log (logger "pb.messaging"), nowhere else."""

from __future__ import annotations

import logging

from pb.services.messaging.base import EmailMessage

log = logging.getLogger("pb.messaging")


class LogMailer:
    def __init__(self, sender: str = "pb@localhost"):
        self.sender = sender
        self.sent: list[EmailMessage] = []  # what a test or the dev server can look at

    def __enter__(self) -> LogMailer:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)
        log.warning(
            "mail not sent (no SMTP configured) to %s: %s\n%s",
            message.to,
            message.subject,
            message.text,
        )


class LogSms:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def __enter__(self) -> LogSms:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def send(self, to: str, text: str) -> None:
        self.sent.append((to, text))
        log.warning("SMS not sent (log backend) to %s: %s", to, text)

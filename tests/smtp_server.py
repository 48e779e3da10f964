"""A real SMTP server (aiosmtpd) on a free local port, for the mail tests. It keeps every
message it accepts, can refuse chosen recipients (550) and can stop taking messages after a
number of them (421, as a server going away does), to test a mailing's resume."""

from __future__ import annotations

import email
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.controller import Controller

CODE = re.compile(r"#code=([0-9A-Z-]{19})")


@dataclass
class Inbox:
    raw: list[bytes] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    accept_until: int | None = None  # after this many messages, answer 421
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.accept_until is not None and len(self.raw) >= self.accept_until:
                return "421 4.3.2 Service shutting down"
            self.raw.append(envelope.content)
        return "250 OK"

    @property
    def messages(self) -> list[Message]:
        # Parsed when a test looks, not in the server's thread while the mailing runs.
        return [email.message_from_bytes(raw) for raw in self.raw]

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no plain text part")


def html_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no HTML part")


def code_in(message: Message) -> str:
    found = CODE.search(text_of(message))
    assert found, text_of(message)
    return found.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, dict]]:
    """Yields the inbox and the app configuration that sends to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            inbox,
            {
                "PB_SMTP_HOST": "127.0.0.1",
                "PB_SMTP_PORT": port,
                "PB_SMTP_TLS": "none",
                "PB_MAIL_FROM": "vote@city.example",
            },
        )
    finally:
        controller.stop()

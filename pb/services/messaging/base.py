"""What every mail or SMS backend offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Undelivered(Exception):
    """The server or provider refused this one message (a bad address, say)."""


class Unreachable(Exception):
    """The server or provider could not be reached or dropped the connection: try again later."""


@dataclass(frozen=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str


class Mailer(Protocol):
    sender: str

    def __enter__(self) -> Mailer: ...

    def __exit__(self, *exc) -> None: ...

    def send(self, message: EmailMessage) -> None: ...


class SmsSender(Protocol):
    """A city's SMS provider: one method. See docs/messaging.md for plugging one in."""

    def __enter__(self) -> SmsSender: ...

    def __exit__(self, *exc) -> None: ...

    def send(self, to: str, text: str) -> None: ...

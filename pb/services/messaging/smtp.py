"""Email over SMTP with the standard library: one connection per `with` block."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import make_msgid

from pb.services.messaging.base import EmailMessage, Undelivered, Unreachable

TLS_MODES = ("starttls", "ssl", "none")


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int = 587,
        tls: str = "starttls",
        user: str = "",
        password: str = "",
        sender: str = "pb@localhost",
        timeout: float = 30,
    ):
        if tls not in TLS_MODES:
            raise ValueError(f"PB_SMTP_TLS must be one of {', '.join(TLS_MODES)}")
        self.host, self.port, self.tls = host, port, tls
        self.user, self.password, self.sender, self.timeout = user, password, sender, timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _connect(self) -> smtplib.SMTP:
        try:
            if self.tls == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.tls == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
        except (OSError, smtplib.SMTPException) as e:
            raise Unreachable(f"cannot reach the mail server {self.host}:{self.port}: {e}") from e
        return smtp

    def _close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        # The compat32 MIME classes: a mailing builds thousands, and the modern EmailMessage
        # parses every header it is given, at several times the cost.
        mime = MIMEMultipart("alternative")
        mime["From"] = self.sender
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        mime.attach(MIMEText(message.text, "plain", "utf-8"))
        mime.attach(MIMEText(message.html, "html", "utf-8"))
        try:
            self._smtp.send_message(mime)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as e:
            raise Undelivered(str(e)) from e
        except smtplib.SMTPDataError as e:
            if 400 <= e.smtp_code < 500:  # "try again later"
                self._close()
                raise Unreachable(str(e)) from e
            raise Undelivered(str(e)) from e
        except (OSError, smtplib.SMTPException) as e:
            self._close()
            raise Unreachable(str(e)) from e

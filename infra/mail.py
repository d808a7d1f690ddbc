"""SMTP delivery that tells callers whether to retry (4xx) or mark the address failing (5xx)."""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

log = logging.getLogger(__name__)

# RFC 5321 §4.5.3.1.10: a 552 answer to RCPT TO is really "mailbox full for now" (as 452).
_TEMPORARY_RCPT_CODES = frozenset({552})


class DeliveryError(Exception):
    """SMTP delivery failed; `code` is the reply code, `partial` means others did get it."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        refused: dict[str, tuple[int, str]] | None = None,
        partial: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.refused: dict[str, tuple[int, str]] = refused or {}
        self.partial = partial


class PermanentDeliveryError(DeliveryError):
    """5xx: the recipient or message was refused for good; retrying will not help."""


class TransientDeliveryError(DeliveryError):
    """4xx, timeouts, lost connections: retry later with backoff."""


def _is_permanent(code: int, *, rcpt: bool = False) -> bool:
    """5xx is permanent except where RFC 5321 says to treat it as temporary."""
    if rcpt and code in _TEMPORARY_RCPT_CODES:
        return False
    return 500 <= code < 600


def _text(reply: bytes | str) -> str:
    """smtplib gives replies as bytes."""
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _refused_error(refused: dict[str, tuple[int, bytes]], *, partial: bool) -> DeliveryError:
    """Classify RCPT refusals: permanent only if every refusal is permanent."""
    decoded = {addr: (code, _text(reply)) for addr, (code, reply) in refused.items()}
    codes = [code for code, _ in decoded.values()]
    what = "some recipients" if partial else "all recipients"
    error_type: type[DeliveryError] = (
        PermanentDeliveryError
        if all(_is_permanent(c, rcpt=True) for c in codes)
        else TransientDeliveryError
    )
    return error_type(
        f"{what} refused ({sorted(set(codes))})", code=codes[0], refused=decoded, partial=partial
    )


@dataclass
class SmtpSender:
    """One SMTP relay: a connection per message, or one for many inside `session()`.

    In a session the connection is reused (a completed transaction needs no RSET, RFC 5321
    §4.1.4; smtplib sends RSET after a failed one) and reopened when the relay dropped it.
    """

    host: str
    port: int = 25
    starttls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    local_hostname: str | None = None
    _smtp: smtplib.SMTP | None = field(default=None, init=False, repr=False)
    _in_session: bool = field(default=False, init=False, repr=False)

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(
            self.host, self.port, timeout=self.timeout, local_hostname=self.local_hostname
        )
        try:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp.close()
            self._smtp = None

    @contextmanager
    def session(self) -> Iterator[None]:
        """Reuse one connection for every send inside; closed (QUIT) at the end."""
        if self._in_session:
            yield
            return
        self._in_session = True
        try:
            yield
        finally:
            self._in_session = False
            self._drop()

    def _transmit(
        self, message: EmailMessage, envelope_from: str | None
    ) -> dict[str, tuple[int, bytes]]:
        if not self._in_session:
            with self._connect() as smtp:
                return smtp.send_message(message, from_addr=envelope_from)
        reused = self._smtp is not None and self._smtp.sock is not None
        if not reused:
            self._drop()
            self._smtp = self._connect()
        assert self._smtp is not None
        try:
            return self._smtp.send_message(message, from_addr=envelope_from)
        except smtplib.SMTPServerDisconnected:
            self._drop()
            if not reused:
                raise
        # The relay had dropped the idle connection: once more on a fresh one (the same
        # Message-ID, should the lost answer have been an acceptance).
        self._smtp = self._connect()
        return self._smtp.send_message(message, from_addr=envelope_from)

    def send(self, message: EmailMessage, *, envelope_from: str | None = None) -> str:
        """Send and return the Message-ID; raise Permanent/TransientDeliveryError on failure.
        `envelope_from` is the MAIL FROM (the bounce address), else the From header's."""
        if message["Message-ID"] is None:
            message["Message-ID"] = make_msgid()
        message_id = str(message["Message-ID"])
        try:
            refused = self._transmit(message, envelope_from)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _refused_error(exc.recipients, partial=False) from exc
        except smtplib.SMTPAuthenticationError as exc:
            # Our credentials, not the recipient: never mark the address as failing.
            self._drop()
            raise TransientDeliveryError("SMTP authentication failed", code=exc.smtp_code) from exc
        except smtplib.SMTPResponseException as exc:
            code = exc.smtp_code
            error_type = PermanentDeliveryError if _is_permanent(code) else TransientDeliveryError
            raise error_type(f"SMTP server answered {code}", code=code) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Disconnects, timeouts, refused connections, TLS failures.
            self._drop()
            raise TransientDeliveryError(f"SMTP connection failed: {type(exc).__name__}") from exc
        if refused:
            # One recipient per message is the norm; if some of several were refused the
            # others already got it, so callers must not resend to them.
            raise _refused_error(refused, partial=True)
        log.info("mail sent", extra={"message_id": message_id, "smtp_host": self.host})
        return message_id

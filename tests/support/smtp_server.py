"""A real in-process SMTP server (aiosmtpd) that captures mail and can be told to fail."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Literal

from aiosmtpd.controller import Controller

Stage = Literal["RCPT", "DATA"]


def free_port(host: str = "127.0.0.1") -> int:
    """An ephemeral port the OS says is free right now (aiosmtpd cannot bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class Envelope:
    """What the SMTP conversation carried, apart from the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    session: int = 0  # which SMTP connection carried it (1, 2, … in the order they came)


@dataclass
class _Failure:
    """A scripted reply for the next `remaining` commands of one stage."""

    code: int
    text: str
    remaining: int


@dataclass
class _Handler:
    """aiosmtpd handler: records messages, answers scripted failures first."""

    server: CapturingSmtpServer
    failures: dict[Stage, list[_Failure]] = field(default_factory=lambda: {"RCPT": [], "DATA": []})

    def _scripted(self, stage: Stage) -> str | None:
        with self.server.lock:
            queue = self.failures[stage]
            if not queue:
                return None
            failure = queue[0]
            failure.remaining -= 1
            if failure.remaining <= 0:
                queue.pop(0)
            return f"{failure.code} {failure.text}"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        failure = self._scripted("RCPT")
        if failure:
            return failure
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        failure = self._scripted("DATA")
        if failure:
            return failure
        raw = bytes(envelope.content)
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.server.lock:
            number = getattr(session, "capture_number", None)
            if number is None:  # numbered on the session itself: ids of dead objects recur
                self.server.sessions += 1
                number = session.capture_number = self.server.sessions
            self.server.messages.append(parsed)
            self.server.envelopes.append(
                Envelope(str(envelope.mail_from), list(envelope.rcpt_tos), raw, number)
            )
        return "250 Message accepted for delivery"


class CapturingSmtpServer:
    """Start/stop an aiosmtpd Controller on a free localhost port; read `.messages`."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Envelope] = []
        self.sessions = 0  # SMTP connections that carried a message so far
        self._handler = _Handler(self)
        self._controller: Controller | None = None

    def start(self) -> CapturingSmtpServer:
        """Listen now; returns self for chaining."""
        self._controller = Controller(self._handler, hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> CapturingSmtpServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def fail_next(
        self, stage: Stage, code: int, *, count: int = 1, text: str | None = None
    ) -> None:
        """Make the next `count` RCPT or DATA commands answer `code` (e.g. 450, 550)."""
        reply = text or ("Try again later" if code < 500 else "Refused")
        with self.lock:
            self._handler.failures[stage].append(_Failure(code, reply, count))

    def clear(self) -> None:
        """Forget captured messages and pending failures."""
        with self.lock:
            self.messages.clear()
            self.envelopes.clear()
            self.sessions = 0
            for queue in self._handler.failures.values():
                queue.clear()


def smtp_server_fixture() -> Iterator[CapturingSmtpServer]:
    """Register with `smtp_server = pytest.fixture(smtp_server_fixture)` in a conftest."""
    server = CapturingSmtpServer().start()
    try:
        yield server
    finally:
        server.stop()

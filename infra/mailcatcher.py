"""The embedded mode's SMTP catcher: accepts every mail and stores it as a .eml file."""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class _StoreHandler:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        (self.directory / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def start_mailcatcher(directory: Path, *, host: str, port: int) -> Controller:
    """Start in a background thread; the caller stops it with `.stop()`."""
    directory.mkdir(parents=True, exist_ok=True)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every address
    controller = Controller(_StoreHandler(directory), hostname=host, port=port)
    controller.start()
    return controller

"""Which function fires a database timer of a given kind (domains register theirs at import)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from services.events.models import Timer

TimerHandler = Callable[[Session, Timer, datetime], None]
_HANDLERS: dict[str, TimerHandler] = {}


def on_timer(kind: str) -> Callable[[TimerHandler], TimerHandler]:
    """Register `handler(session, timer, now)` for timers of `kind`; it flushes, never commits."""

    def register(handler: TimerHandler) -> TimerHandler:
        if kind in _HANDLERS and _HANDLERS[kind] is not handler:
            raise ValueError(f"a handler for timer kind {kind!r} is already registered")
        _HANDLERS[kind] = handler
        return handler

    return register


def handler_for(kind: str) -> TimerHandler | None:
    return _HANDLERS.get(kind)

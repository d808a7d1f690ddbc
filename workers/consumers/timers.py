"""Registers the timer handlers of every domain (importing their modules is enough)."""

from __future__ import annotations

from services.tasks import timers as task_timers

__all__ = ["task_timers"]

"""Registers the timer handlers of every domain (importing their modules is enough)."""

from __future__ import annotations

from services.series import timers as series_timers
from services.tasks import timers as task_timers

__all__ = ["series_timers", "task_timers"]

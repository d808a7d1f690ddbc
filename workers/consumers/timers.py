"""Registers the timer handlers of every domain (importing their modules is enough)."""

from __future__ import annotations

from services.notifications import digest as digest_timers
from services.notifications import reminders as reminder_timers
from services.notifications import rsvp as rsvp_consumers
from services.series import timers as series_timers
from services.surveys import timers as survey_timers
from services.tasks import timers as task_timers

__all__ = [
    "digest_timers",
    "reminder_timers",
    "rsvp_consumers",
    "series_timers",
    "survey_timers",
    "task_timers",
]

"""The one clock and the one local time zone every module reads.

Tests move the clock with time-machine or faketime, never with a patch; the zone is the
installation's `SAMVERKAN_TIMEZONE` (the networks of one installation share it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from infra.settings import get_settings

LOCAL_TZ = ZoneInfo(get_settings().timezone)


def utcnow() -> datetime:
    """Now, aware and in UTC; the only wall-clock read outside tests and timing code."""
    return datetime.now(UTC)


def local_today(now: datetime | None = None) -> date:
    """Today's date where the network lives, not where the server runs."""
    return (now or utcnow()).astimezone(LOCAL_TZ).date()


def wall_clock(moment: datetime) -> datetime:
    """Naive local wall-clock time, so gaps survive a move across a DST change."""
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)

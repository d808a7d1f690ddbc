"""The one clock every module reads: tests move it with time-machine or faketime, never a patch."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, aware and in UTC; the only wall-clock read outside tests and timing code."""
    return datetime.now(UTC)

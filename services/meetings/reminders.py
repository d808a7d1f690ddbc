"""Meeting reminders: database timers 7 and 1 days before (08:00 local), keyed by meeting."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from infra.settings import get_settings
from services.events.timers import TimerSpec, set_timers
from services.meetings.models import Meeting
from services.notifications.formatting import morning

MEETING_REMINDER = "meeting.reminder"


def meeting_reminder_plan(
    starts_at: datetime, days: list[int], *, now: datetime
) -> list[tuple[int, datetime]]:
    """(days before, when) for each reminder still in the future."""
    start_day = starts_at.astimezone(LOCAL_TZ).date()
    plan = [(d, morning(start_day - timedelta(days=d))) for d in sorted(set(days), reverse=True)]
    return [(d, when) for d, when in plan if now < when < starts_at]


def arm_meeting_reminders(session: Session, meeting: Meeting, *, now: datetime) -> None:
    """Keyed by days and meeting: rescheduling re-arms the same timers at the new times."""
    set_timers(session, meeting_reminder_specs(meeting, now=now))


def meeting_reminder_specs(meeting: Meeting, *, now: datetime) -> list[TimerSpec]:
    """The meeting's reminder timers still ahead, keyed `meeting.reminder:{days}:{meeting id}`."""
    days = get_settings().meeting_reminder_days
    return [
        TimerSpec(
            MEETING_REMINDER,
            meeting.id,
            when,
            meeting.network_id,
            f"{MEETING_REMINDER}:{d}:{meeting.id}",
        )
        for d, when in meeting_reminder_plan(meeting.starts_at, days, now=now)
    ]

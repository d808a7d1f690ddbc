"""meeting.scheduled/rescheduled/cancelled → the 'Kommun i fokus' presenter task follows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from schemas.events import MeetingCancelled, MeetingRescheduled, MeetingScheduled
from services.events.reactions import Event, consumer
from services.series.rotation import sync_presenter_task


@consumer(MeetingScheduled, MeetingRescheduled, MeetingCancelled, name="rotation")
def on_meeting_event(
    session: Session,
    events: Sequence[Event[MeetingScheduled | MeetingRescheduled | MeetingCancelled]],
) -> None:
    """The 'Kommun i fokus' presenter task follows its meeting: moved or cancelled with it."""
    for event in events:
        # The event's own time, so a redelivered event computes the same due date.
        sync_presenter_task(session, meeting_id=event.aggregate_id, now=event.occurred_at)

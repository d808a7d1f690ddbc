"""meeting.scheduled/rescheduled/cancelled → the 'Kommun i fokus' presenter task follows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from schemas.events import EventEnvelope
from services.events.consumers import consumer
from services.series.rotation import sync_presenter_task


@consumer("rotation", "meeting.scheduled", "meeting.rescheduled", "meeting.cancelled")
def on_meeting_event(session: Session, event: EventEnvelope) -> None:
    # The event's own time, so a redelivered event computes the same due date.
    sync_presenter_task(session, meeting_id=event.aggregate_id, now=event.occurred_at)

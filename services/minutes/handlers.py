"""minutes.approved → follow-up tasks, deadlines and next meeting's agenda points."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from infra.settings import get_settings
from schemas.events import MinutesApproved
from services.events.reactions import Event, consumer
from services.minutes.followups import create_followups


@consumer(MinutesApproved, name="followups")
def on_minutes_approved(session: Session, events: Sequence[Event[MinutesApproved]]) -> None:
    """Approved minutes become follow-up tasks, deadlines and next meeting's agenda points."""
    settings = get_settings()
    for event in events:
        create_followups(
            session,
            minutes_id=event.payload.minutes_id,
            days_before_next=settings.followup_days_before_next_meeting,
            default_days=settings.followup_default_days,
        )

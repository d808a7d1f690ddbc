"""minutes.approved → follow-up tasks, deadlines and next meeting's agenda points."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from infra.settings import get_settings
from schemas.events import MinutesApproved
from services.events.reactions import Event, consumer
from services.minutes.followups import create_followups_of


@consumer(MinutesApproved, name="followups")
def on_minutes_approved(session: Session, events: Sequence[Event[MinutesApproved]]) -> None:
    """Approved minutes become follow-up tasks, deadlines and next meeting's agenda points:
    the whole batch at once, as if its events came one by one in order."""
    settings = get_settings()
    create_followups_of(
        session,
        minutes_ids=[event.payload.minutes_id for event in events],
        days_before_next=settings.followup_days_before_next_meeting,
        default_days=settings.followup_default_days,
    )

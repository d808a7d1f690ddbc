"""minutes.approved → follow-up tasks, deadlines and next meeting's agenda points."""

from __future__ import annotations

from sqlalchemy.orm import Session

from infra.settings import get_settings
from schemas.events import EventEnvelope, MinutesApproved
from services.events.consumers import consumer
from services.minutes.followups import create_followups


@consumer("followups", "minutes.approved")
def on_minutes_approved(session: Session, event: EventEnvelope) -> None:
    payload = MinutesApproved.model_validate(event.payload)
    settings = get_settings()
    create_followups(
        session,
        minutes_id=payload.minutes_id,
        days_before_next=settings.followup_days_before_next_meeting,
        default_days=settings.followup_default_days,
    )

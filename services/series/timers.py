"""Timer handlers of series planning (services.registry lists this module)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.events.models import Timer
from services.events.reactions import on_timer
from services.series.consent import CONSENT_DUE, close_consent


@on_timer(CONSENT_DUE)
def consent_due(session: Session, timer: Timer, now: datetime) -> None:
    """The reply-by date has passed: confirm the dates nobody objected to (idempotent)."""
    close_consent(session, series_id=timer.subject_id, now=now)

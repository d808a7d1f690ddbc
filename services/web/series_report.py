"""The silent-consent replies on the coordinator's series page: objections and alternatives."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from schemas.series import ConsentReportOut
from services.actors import Actor
from services.series.consent import consent_report
from services.series.models import MeetingSeries
from services.series.queries import sent_for_consent


def consent_reports(
    session: Session, series: Iterable[MeetingSeries], actor: Actor
) -> dict[uuid.UUID, ConsentReportOut]:
    """One report per series whose proposal has been sent out for consent."""
    sent = sent_for_consent(session, [s.id for s in series])
    return {sid: consent_report(session, series_id=sid, actor=actor) for sid in sent}

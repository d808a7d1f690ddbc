"""The silent-consent replies on the coordinator's series page: objections and alternatives."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.series import ConsentReportOut
from services.actors import Actor
from services.series.consent import consent_report
from services.series.models import MeetingSeries, SeriesPlan


def consent_reports(
    session: Session, series: Iterable[MeetingSeries], actor: Actor
) -> dict[uuid.UUID, ConsentReportOut]:
    """One report per series whose proposal has been sent out for consent."""
    ids = [s.id for s in series]
    sent = session.scalars(
        select(SeriesPlan.series_id).where(
            SeriesPlan.series_id.in_(ids), SeriesPlan.sent_at.is_not(None)
        )
    )
    return {sid: consent_report(session, series_id=sid, actor=actor) for sid in sent}

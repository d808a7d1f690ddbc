"""Survey response rates per meeting and per organisation (the dashboard calls these)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.meetings.models import Meeting
from services.people.models import Organisation
from services.surveys.models import Survey, SurveyRecipient


@dataclass(frozen=True)
class ResponseRate:
    key: uuid.UUID | None  # meeting id or organisation id
    label: str
    recipients: int
    responded: int
    clicked: int

    @property
    def rate(self) -> float:
        return self.responded / self.recipients if self.recipients else 0.0


def response_rates_by_meeting(session: Session, *, network_id: uuid.UUID) -> list[ResponseRate]:
    rows = session.execute(
        select(
            Meeting.id,
            Meeting.title,
            func.count(SurveyRecipient.id),
            func.count(SurveyRecipient.responded_at),
            func.count(SurveyRecipient.clicked_at),
        )
        .join(Survey, Survey.meeting_id == Meeting.id)
        .join(SurveyRecipient, SurveyRecipient.survey_id == Survey.id)
        .where(Meeting.network_id == network_id)
        .group_by(Meeting.id, Meeting.title, Meeting.starts_at)
        .order_by(Meeting.starts_at)
    ).all()
    return [ResponseRate(mid, title, n, r, c) for mid, title, n, r, c in rows]


def response_rates_by_organisation(
    session: Session, *, network_id: uuid.UUID, meeting_id: uuid.UUID | None = None
) -> list[ResponseRate]:
    query = (
        select(
            SurveyRecipient.organisation_id,
            Organisation.name,
            func.count(SurveyRecipient.id),
            func.count(SurveyRecipient.responded_at),
            func.count(SurveyRecipient.clicked_at),
        )
        .join(Survey, Survey.id == SurveyRecipient.survey_id)
        .join(Meeting, Meeting.id == Survey.meeting_id)
        .outerjoin(Organisation, Organisation.id == SurveyRecipient.organisation_id)
        .where(Meeting.network_id == network_id)
        .group_by(SurveyRecipient.organisation_id, Organisation.name)
        .order_by(Organisation.name)
    )
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    rows = session.execute(query).all()
    return [ResponseRate(oid, name or "-", n, r, c) for oid, name, n, r, c in rows]

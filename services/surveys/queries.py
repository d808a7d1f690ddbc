"""Reads of surveys that other rooms use (the weekly digest, the member's and overview pages)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.meetings.models import Meeting
from services.surveys.models import Survey, SurveyRecipient, SurveyStatus


def unanswered_surveys(session: Session, member_id: uuid.UUID, *, now: datetime) -> list[Survey]:
    """Open surveys the member was asked to answer and has not."""
    return list(
        session.scalars(
            select(Survey)
            .join(SurveyRecipient, SurveyRecipient.survey_id == Survey.id)
            .where(
                SurveyRecipient.member_id == member_id,
                SurveyRecipient.responded_at.is_(None),
                Survey.status == SurveyStatus.open,
                Survey.closes_at > now,
            )
        )
    )


@dataclass
class SurveyRate:
    title: str
    closes_at: datetime
    recipients: int
    responded: int

    @property
    def percent(self) -> int:
        return round(100 * self.responded / self.recipients) if self.recipients else 0


def survey_rates(session: Session, network_id: uuid.UUID) -> list[SurveyRate]:
    """The network's eight latest surveys with how many were asked and answered."""
    query = (
        select(
            Survey.title,
            Survey.closes_at,
            func.count(SurveyRecipient.id),
            func.count(SurveyRecipient.responded_at),
        )
        .join(Meeting, Meeting.id == Survey.meeting_id)
        .outerjoin(SurveyRecipient, SurveyRecipient.survey_id == Survey.id)
        .where(Meeting.network_id == network_id)
        .group_by(Survey.id, Survey.title, Survey.closes_at)
        .order_by(Survey.closes_at.desc())
        .limit(8)
    )
    return [SurveyRate(*row) for row in session.execute(query)]

"""Reads of surveys that other rooms use (the weekly digest)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

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

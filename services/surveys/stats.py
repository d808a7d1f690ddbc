"""Survey response rates per meeting and per organisation, and the 1–5 averages (surveys page)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.meetings.models import Meeting
from services.people.models import Organisation
from services.surveys.models import (
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
)


@dataclass(frozen=True)
class ResponseRate:
    key: uuid.UUID | None  # meeting id or organisation id
    label: str
    recipients: int
    responded: int
    clicked: int
    external: int = 0  # recipients of surveys with an external link (Menti, Forms)
    external_clicked: int = 0  # of those, how many opened the link (their answers are not ours)

    @property
    def rate(self) -> float:
        return self.responded / self.recipients if self.recipients else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.rate)


@dataclass(frozen=True)
class ScaleAverage:
    survey_id: uuid.UUID
    survey_title: str
    question: str
    average: float
    answers: int


def _counts() -> tuple[Any, ...]:
    external = Survey.external_url.is_not(None)
    return (
        func.count(SurveyRecipient.id),
        func.count(SurveyRecipient.responded_at),
        func.count(SurveyRecipient.clicked_at),
        func.count(SurveyRecipient.id).filter(external),
        func.count(SurveyRecipient.clicked_at).filter(external),
    )


def _rate(row: Sequence[Any]) -> ResponseRate:
    key: uuid.UUID | None = row[0]
    counts = [int(n or 0) for n in row[2:]]
    return ResponseRate(key, str(row[1] or "-"), *counts)


def response_rates_by_meeting(session: Session, *, network_id: uuid.UUID) -> list[ResponseRate]:
    rows = session.execute(
        select(Meeting.id, Meeting.title, *_counts())
        .join(Survey, Survey.meeting_id == Meeting.id)
        .join(SurveyRecipient, SurveyRecipient.survey_id == Survey.id)
        .where(Meeting.network_id == network_id)
        .group_by(Meeting.id, Meeting.title, Meeting.starts_at)
        .order_by(Meeting.starts_at)
    ).all()
    return [_rate(row) for row in rows]


def response_rates_by_organisation(
    session: Session, *, network_id: uuid.UUID, meeting_id: uuid.UUID | None = None
) -> list[ResponseRate]:
    """One grouped query: invited, answered and (external surveys) clicked per organisation."""
    query = (
        select(SurveyRecipient.organisation_id, Organisation.name, *_counts())
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
    return [_rate(row) for row in rows]


def scale_averages(session: Session, *, network_id: uuid.UUID) -> list[ScaleAverage]:
    """Each 1–5 question's average per survey, newest survey first, in two queries whatever
    the number of surveys. Answers are JSON keyed by question id; averaging them in SQL would
    need a different JSON path per dialect (PostgreSQL, and SQLite in the embedded mode)."""
    questions = session.execute(
        select(Survey.id, Survey.title, SurveyQuestion.id, SurveyQuestion.text)
        .join(SurveyQuestion, SurveyQuestion.survey_id == Survey.id)
        .join(Meeting, Meeting.id == Survey.meeting_id)
        .where(Meeting.network_id == network_id, SurveyQuestion.kind == QuestionKind.scale)
        .order_by(Survey.closes_at.desc(), SurveyQuestion.position)
    ).all()
    if not questions:
        return []
    given: dict[tuple[uuid.UUID, str], list[int]] = {}
    responses = session.execute(
        select(SurveyResponse.survey_id, SurveyResponse.answers)
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .join(Meeting, Meeting.id == Survey.meeting_id)
        .where(Meeting.network_id == network_id)
    )
    for row in responses:
        survey_id, answers = row.survey_id, row.answers
        for key, value in (answers or {}).items():
            if isinstance(value, int) and not isinstance(value, bool):
                given.setdefault((survey_id, str(key)), []).append(value)
    out = []
    for survey_id, title, question_id, text in questions:
        values = given.get((survey_id, str(question_id)), [])
        if values:
            out.append(ScaleAverage(survey_id, title, text, sum(values) / len(values), len(values)))
    return out

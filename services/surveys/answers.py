"""Answering a survey through a signed link; clicks on an external survey are counted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.errors import Conflict, Invalid, NotFound
from services.notifications.service import suppress_pending
from services.people.links import LinkInvalid, MemberLink, is_current
from services.people.models import Member
from services.surveys.mail import SURVEY_KINDS
from services.surveys.models import (
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveyStatus,
)

MAX_TEXT = 2000
SCALE = range(1, 6)


@dataclass(frozen=True)
class SurveyView:
    survey: Survey
    questions: list[SurveyQuestion]
    recipient: SurveyRecipient
    is_open: bool


def day_of(moment: datetime) -> datetime:
    """Midnight UTC of the moment's day: when an anonymous answer came, to the day only."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _target(session: Session, link: MemberLink) -> tuple[Member, Survey, SurveyRecipient]:
    if link.scope != "survey" or link.subject_id is None:
        raise LinkInvalid("links.other_purpose")
    member = session.get(Member, link.member_id)
    survey = session.get(Survey, link.subject_id)
    if member is None or survey is None or member.network_id != link.network_id:
        raise NotFound("surveys.not_found")
    if not member.active or not is_current(member, link):
        raise LinkInvalid("links.invalid")
    recipient = session.scalar(
        select(SurveyRecipient).where(
            SurveyRecipient.survey_id == survey.id, SurveyRecipient.member_id == member.id
        )
    )
    if recipient is None:
        raise NotFound("surveys.not_found")
    return member, survey, recipient


def _open(survey: Survey, now: datetime) -> bool:
    return survey.status == SurveyStatus.open and survey.closes_at > now


def survey_view(session: Session, *, link: MemberLink, now: datetime | None = None) -> SurveyView:
    _, survey, recipient = _target(session, link)
    questions = list(
        session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey.id)
            .order_by(SurveyQuestion.position)
        )
    )
    return SurveyView(survey, questions, recipient, _open(survey, now or utcnow()))


def validate_answers(questions: list[SurveyQuestion], answers: Any) -> dict[str, Any]:
    """{question id: 1–5 for scale, text for text}; anything else is refused as a whole."""
    if not isinstance(answers, dict) or not answers:
        raise Invalid("surveys.no_answers", field="answers")
    by_id = {str(q.id): q for q in questions}
    clean: dict[str, Any] = {}
    for key, value in answers.items():
        question = by_id.get(str(key))
        if question is None:
            raise Invalid("surveys.unknown_question", question=str(key)[:40], field="answers")
        if question.kind == QuestionKind.scale:
            if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
                if isinstance(value, str) and value.strip().isdigit() and int(value) in SCALE:
                    value = int(value)
                else:
                    raise Invalid("surveys.scale", field=key)
        else:
            if not isinstance(value, str):
                raise Invalid("surveys.text_expected", field=key)
            value = value.strip()
            if len(value) > MAX_TEXT:
                raise Invalid("surveys.too_long", limit=MAX_TEXT, field=key)
            if not value:
                continue
        clean[str(question.id)] = value
    if not clean:
        raise Invalid("surveys.no_answers", field="answers")
    return clean


def submit_answers(
    session: Session, *, link: MemberLink, answers: Any, now: datetime | None = None
) -> SurveyResponse:
    """Store one response per recipient; anonymous surveys keep only the organisation."""
    now = now or utcnow()
    member, survey, recipient = _target(session, link)
    recipient = session.get(SurveyRecipient, recipient.id, with_for_update=True) or recipient
    if not _open(survey, now):
        raise Conflict("surveys.closed")
    if recipient.responded_at is not None:
        raise Conflict("surveys.already_answered")
    questions = list(
        session.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id))
    )
    clean = validate_answers(questions, answers)
    response = SurveyResponse(
        id=uuid.uuid4(),
        survey_id=survey.id,
        member_id=None if survey.anonymous else member.id,
        # Anonymous: no organisation and only the day, so no answer leads back to a person.
        organisation_id=None
        if survey.anonymous
        else recipient.organisation_id or member.organisation_id,
        submitted_at=day_of(now) if survey.anonymous else now,
        answers=clean,
    )
    session.add(response)
    recipient.responded_at = now
    session.flush()
    suppress_pending(session, subject_id=survey.id, kinds=SURVEY_KINDS, member_id=member.id)
    return response


def record_click(session: Session, *, link: MemberLink, now: datetime | None = None) -> str | None:
    """First click counts; returns the external URL (None: the survey is ours, show the form)."""
    _, survey, recipient = _target(session, link)
    if recipient.clicked_at is None:
        recipient.clicked_at = now or utcnow()
        session.flush()
    url = survey.external_url
    return url if url and url.startswith(("https://", "http://")) else None

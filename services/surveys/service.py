"""Post-meeting surveys: opened when a meeting is held, sent to those who were there."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.enums import AttendanceStatus
from schemas.events import SurveyOpened
from schemas.meetings import SurveyTemplateIn
from services.actors import Actor
from services.audit.service import record_audit
from services.events.service import record_event
from services.events.timers import set_timer
from services.lookup import get_in_network
from services.meetings.models import Attendance, Meeting
from services.people.models import Member
from services.series.models import MeetingSeries
from services.surveys.mail import SurveyInvitationMail, ask, invitation_key, survey_facts
from services.surveys.models import QuestionKind, Survey, SurveyQuestion, SurveyRecipient

DEFAULT_QUESTIONS = (
    (QuestionKind.scale, "Hur värdefull var nätverksträffen för dig? (1–5)"),
    (QuestionKind.text, "Vad vill du att vi tar upp nästa gång?"),
)


def open_survey_for_meeting(
    session: Session, *, meeting_id: uuid.UUID, now: datetime, open_days: int | None = None
) -> Survey | None:
    """Create the meeting's survey once (unique per meeting) and invite who attended.

    The series' survey template decides the external link, anonymity and how long it is open;
    `open_days` overrides the template.
    """
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    survey = session.scalar(select(Survey).where(Survey.meeting_id == meeting.id))
    if survey is None:
        template = survey_template_of(session, meeting)
        survey = Survey(
            meeting_id=meeting.id,
            title=f"Två frågor om {meeting.title}",
            external_url=template.external_url,
            anonymous=template.anonymous,
            opens_at=now,
            closes_at=now + timedelta(days=open_days or template.open_days),
        )
        session.add(survey)
        session.flush()
        for position, (kind, text) in enumerate(DEFAULT_QUESTIONS):
            session.add(
                SurveyQuestion(survey_id=survey.id, position=position, kind=kind, text=text)
            )
        set_timer(
            session,
            kind="survey.close",
            subject_id=survey.id,
            due_at=survey.closes_at,
            network_id=meeting.network_id,
        )
        record_event(
            session,
            payload=SurveyOpened(survey_id=survey.id, meeting_id=meeting.id),
            aggregate_type="survey",
            aggregate_id=survey.id,
            network_id=meeting.network_id,
            actor=Actor(kind="system", network_id=meeting.network_id),
        )
    invite_attendees(session, survey=survey, meeting=meeting, now=now)
    return survey


def invite_attendees(session: Session, *, survey: Survey, meeting: Meeting, now: datetime) -> int:
    """Add present/partial attendees not yet invited (attendance is often taken after the fact)."""
    attended = session.execute(
        select(Attendance.member_id, Member.organisation_id)
        .join(Member, Member.id == Attendance.member_id)
        .where(
            Attendance.meeting_id == meeting.id,
            Attendance.status.in_([AttendanceStatus.present, AttendanceStatus.partial]),
        )
    ).all()
    invited = set(
        session.scalars(
            select(SurveyRecipient.member_id).where(SurveyRecipient.survey_id == survey.id)
        )
    )
    fresh = [(m, org) for m, org in attended if m not in invited]
    session.add_all(
        SurveyRecipient(survey_id=survey.id, member_id=m, organisation_id=org) for m, org in fresh
    )
    mail = SurveyInvitationMail(survey=survey_facts(session, survey))
    key = invitation_key(survey.id)
    ids = [m for m, _ in fresh]
    ask(session, survey, mail, ids, network_id=meeting.network_id, key=key, now=now)
    session.flush()
    return len(fresh)


def survey_template_of(session: Session, meeting: Meeting) -> SurveyTemplateIn:
    """The meeting's series template; no series (or a stored value that no longer validates,
    such as a javascript: link written before validation) gives the defaults."""
    series = session.get(MeetingSeries, meeting.series_id) if meeting.series_id else None
    return parse_template(series.survey_template if series else None)


def parse_template(stored: dict[str, Any] | None) -> SurveyTemplateIn:
    try:
        return SurveyTemplateIn.model_validate(stored or {})
    except ValidationError:
        return SurveyTemplateIn()


def set_survey_template(
    session: Session,
    *,
    series_id: uuid.UUID,
    data: SurveyTemplateIn | None,
    actor: Actor,
) -> MeetingSeries:
    """Surveys opened from now on use it; an open survey keeps the settings it was sent with."""
    series = get_in_network(
        session, MeetingSeries, series_id, network_id=actor.network_id, label="series"
    )
    series.survey_template = data.model_dump(mode="json") if data is not None else {}
    record_audit(
        session,
        actor=actor,
        action="set_survey_template",
        entity_type="series",
        entity_id=series.id,
        network_id=actor.network_id,
        details={"fields": ["survey_template"]},
    )
    session.flush()
    return series


def open_survey_of(session: Session, meeting_id: uuid.UUID) -> Survey | None:
    return session.scalar(select(Survey).where(Survey.meeting_id == meeting_id))

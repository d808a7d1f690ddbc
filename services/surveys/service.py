"""Post-meeting surveys: opened when a meeting is held, sent to those who were there."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.events import SurveyOpened
from services.actors import Actor
from services.events.service import record_event
from services.events.timers import set_timer
from services.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingSeries
from services.notifications.service import request_notification
from services.people.models import Member
from services.surveys.models import QuestionKind, Survey, SurveyQuestion, SurveyRecipient

DEFAULT_QUESTIONS = (
    (QuestionKind.scale, "Hur värdefull var nätverksträffen för dig? (1–5)"),
    (QuestionKind.text, "Vad vill du att vi tar upp nästa gång?"),
)
DEFAULT_OPEN_DAYS = 7


def open_survey_for_meeting(
    session: Session, *, meeting_id: uuid.UUID, now: datetime, open_days: int = DEFAULT_OPEN_DAYS
) -> Survey | None:
    """Create the meeting's survey once (unique per meeting) and invite who attended."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    survey = session.scalar(select(Survey).where(Survey.meeting_id == meeting.id))
    if survey is None:
        template = _template(session, meeting)
        survey = Survey(
            meeting_id=meeting.id,
            title=f"Två frågor om {meeting.title}",
            external_url=template.get("external_url"),
            anonymous=bool(template.get("anonymous", True)),
            opens_at=now,
            closes_at=now + timedelta(days=open_days),
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
    added = 0
    for member_id, organisation_id in attended:
        if member_id in invited:
            continue
        session.add(
            SurveyRecipient(
                survey_id=survey.id, member_id=member_id, organisation_id=organisation_id
            )
        )
        request_notification(
            session,
            network_id=meeting.network_id,
            kind="survey_invitation",
            key=f"survey_invitation:{survey.id}:{member_id}",
            member_id=member_id,
            subject_id=survey.id,
            now=now,
        )
        added += 1
    session.flush()
    return added


def _template(session: Session, meeting: Meeting) -> dict[str, object]:
    if meeting.series_id is None:
        return {}
    series = session.get(MeetingSeries, meeting.series_id)
    return dict(series.survey_template) if series else {}


def open_survey_of(session: Session, meeting_id: uuid.UUID) -> Survey | None:
    return session.scalar(select(Survey).where(Survey.meeting_id == meeting_id))

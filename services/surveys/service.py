"""Post-meeting surveys: opened when a meeting is held, sent to those who were there."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
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
from services.events.timers import TimerSpec, set_timers
from services.lookup import get_in_network
from services.meetings.models import Attendance, Meeting
from services.notifications.service import Mail, request_mails
from services.people.models import Member
from services.series.models import MeetingSeries
from services.surveys.mail import (
    SurveyInvitationMail,
    invitation_key,
    survey_facts,
    survey_mails,
)
from services.surveys.models import QuestionKind, Survey, SurveyQuestion, SurveyRecipient

DEFAULT_QUESTIONS = (
    (QuestionKind.scale, "Hur värdefull var nätverksträffen för dig? (1–5)"),
    (QuestionKind.text, "Vad vill du att vi tar upp nästa gång?"),
)


@dataclass(frozen=True)
class SurveyStep:
    """What one event asks of surveys, at the event's own time: open the meeting's survey and
    invite who attended (meeting.held), or only invite late-recorded attendees to the survey
    it has (attendance.recorded)."""

    meeting_id: uuid.UUID
    now: datetime
    opens: bool


def open_survey_for_meeting(
    session: Session, *, meeting_id: uuid.UUID, now: datetime, open_days: int | None = None
) -> Survey | None:
    """Create the meeting's survey once (unique per meeting) and invite who attended.

    The series' survey template decides the external link, anonymity and how long it is open;
    `open_days` overrides the template.
    """
    step = SurveyStep(meeting_id, now, opens=True)
    return take_survey_steps(session, steps=[step], open_days=open_days).get(meeting_id)


def take_survey_steps(
    session: Session, *, steps: Sequence[SurveyStep], open_days: int | None = None
) -> dict[uuid.UUID, Survey]:
    """A consumer's batch of steps with the effects of taking them one by one in order, read
    with one query per table and written with one INSERT per table; returns each meeting's
    survey (the ones it opened and the ones it found)."""
    ids = list(dict.fromkeys(step.meeting_id for step in steps))
    meetings: dict[uuid.UUID, Meeting] = {m.id: m for m in _rows(session, Meeting, Meeting.id, ids)}
    surveys: dict[uuid.UUID, Survey] = {
        s.meeting_id: s for s in _rows(session, Survey, Survey.meeting_id, list(meetings))
    }
    found = {survey.id for survey in surveys.values()}
    opens = {step.meeting_id for step in steps if step.opens}
    templates = _templates(session, [m for m in meetings.values() if m.id in opens - set(surveys)])
    timers: list[TimerSpec] = []
    invite_at: dict[uuid.UUID, datetime] = {}  # a meeting → the time of the step inviting
    for step in steps:
        meeting = meetings.get(step.meeting_id)
        if meeting is None:
            continue
        if step.opens and meeting.id not in surveys:
            template = templates[meeting.id]
            survey = _open(session, meeting, template, now=step.now, open_days=open_days)
            surveys[meeting.id] = survey
            key = f"survey.close:{survey.id}"
            timers.append(
                TimerSpec("survey.close", survey.id, survey.closes_at, meeting.network_id, key)
            )
        if meeting.id in surveys:  # the first step that finds a survey invites; later ones add none
            invite_at.setdefault(meeting.id, step.now)
    set_timers(session, timers)
    targets = [(surveys[m], meetings[m], now) for m, now in invite_at.items()]
    _invite(session, targets, asked_before=found)
    session.flush()
    return surveys


def _open(
    session: Session,
    meeting: Meeting,
    template: SurveyTemplateIn,
    *,
    now: datetime,
    open_days: int | None,
) -> Survey:
    """The survey, its questions and survey.opened, added to the session (not flushed)."""
    survey = Survey(
        id=uuid.uuid4(),  # known now: its questions, timer and event need it before a flush
        meeting_id=meeting.id,
        title=f"Två frågor om {meeting.title}",
        external_url=template.external_url,
        anonymous=template.anonymous,
        opens_at=now,
        closes_at=now + timedelta(days=open_days or template.open_days),
    )
    session.add(survey)
    session.add_all(
        SurveyQuestion(survey_id=survey.id, position=position, kind=kind, text=text)
        for position, (kind, text) in enumerate(DEFAULT_QUESTIONS)
    )
    record_event(
        session,
        payload=SurveyOpened(survey_id=survey.id, meeting_id=meeting.id),
        aggregate_type="survey",
        aggregate_id=survey.id,
        network_id=meeting.network_id,
        actor=Actor(kind="system", network_id=meeting.network_id),
    )
    return survey


def invite_attendees(session: Session, *, survey: Survey, meeting: Meeting, now: datetime) -> int:
    """Add present/partial attendees not yet invited (attendance is often taken after the fact)."""
    fresh = _invite(session, [(survey, meeting, now)], asked_before={survey.id})
    session.flush()
    return fresh


def _invite(
    session: Session,
    targets: Sequence[tuple[Survey, Meeting, datetime]],
    *,
    asked_before: set[uuid.UUID],
) -> int:
    """Each survey's attendees not yet invited become recipients and get the invitation: one
    query for the attendees of all, one for who was asked before (surveys in `asked_before`
    only), one INSERT each for recipients and mails."""
    attended = _attendees(session, [meeting.id for _, meeting, _ in targets])
    asked = _recipients(session, [s.id for s, _, _ in targets if s.id in asked_before])
    mails: dict[uuid.UUID, list[Mail]] = {}
    times: list[datetime] = []
    added = 0
    for survey, meeting, now in targets:
        fresh = [(m, org) for m, org in attended.get(meeting.id, []) if m not in asked[survey.id]]
        added += len(fresh)
        session.add_all(
            SurveyRecipient(survey_id=survey.id, member_id=m, organisation_id=org)
            for m, org in fresh
        )
        if fresh:
            payload = SurveyInvitationMail(survey=survey_facts(session, survey))
            key = invitation_key(survey.id)
            mails.setdefault(meeting.network_id, []).extend(
                survey_mails(survey, payload, [m for m, _ in fresh], key=key)
            )
            times.append(now)
    # One instant for the batch's mails, the latest step's: no mail goes earlier than it would
    # have one event at a time (a later instant only ever waits for a later sending window).
    request_mails(session, by_network=mails, now=max(times, default=None))
    return added


def _attendees(
    session: Session, meeting_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID | None]]]:
    """Present and partial attendees with their organisations, per meeting, as read."""
    if not meeting_ids:
        return {}
    rows = session.execute(
        select(Attendance.meeting_id, Attendance.member_id, Member.organisation_id)
        .join(Member, Member.id == Attendance.member_id)
        .where(
            Attendance.meeting_id.in_(meeting_ids),
            Attendance.status.in_([AttendanceStatus.present, AttendanceStatus.partial]),
        )
    )
    attended: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID | None]]] = {}
    for meeting_id, member_id, organisation_id in rows:
        attended.setdefault(meeting_id, []).append((member_id, organisation_id))
    return attended


def _recipients(
    session: Session, survey_ids: list[uuid.UUID]
) -> defaultdict[uuid.UUID, set[uuid.UUID]]:
    """Who each survey was sent to already (none for a survey opened in this batch)."""
    asked: defaultdict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    if survey_ids:
        query = select(SurveyRecipient.survey_id, SurveyRecipient.member_id).where(
            SurveyRecipient.survey_id.in_(survey_ids)
        )
        for survey_id, member_id in session.execute(query):
            asked[survey_id].add(member_id)
    return asked


def _templates(session: Session, meetings: list[Meeting]) -> dict[uuid.UUID, SurveyTemplateIn]:
    """Each meeting's survey template (`survey_template_of`), its series read in one query."""
    series_ids = list(dict.fromkeys(m.series_id for m in meetings if m.series_id))
    series = {s.id: s for s in _rows(session, MeetingSeries, MeetingSeries.id, series_ids)}
    return {
        m.id: parse_template(series[m.series_id].survey_template if m.series_id in series else None)
        for m in meetings
    }


def _rows(session: Session, model: Any, column: Any, ids: Sequence[uuid.UUID]) -> list[Any]:
    """The rows whose `column` is one of `ids`, in one query (none for no ids)."""
    return list(session.scalars(select(model).where(column.in_(ids)))) if ids else []


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

"""What surveys do on events and timers: open when a meeting is held, invite late-recorded
attendees, remind before closing, and close (survey.close → survey.closed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.settings import get_settings
from schemas.events import AttendanceRecorded, MeetingHeld, SurveyClosed, SurveyOpened
from services.actors import Actor
from services.events.models import Timer
from services.events.reactions import Event, consumer, on_timer
from services.events.service import record_event
from services.events.timers import TimerSpec, cancel_timers, set_timers
from services.meetings.models import Meeting
from services.notifications.service import suppress_pending
from services.surveys.mail import SURVEY_KINDS, SurveyReminderMail, ask, survey_facts
from services.surveys.models import Survey, SurveyRecipient, SurveyStatus
from services.surveys.service import invite_attendees, open_survey_for_meeting, open_survey_of

SURVEY_REMINDER = "survey.reminder"


@consumer(MeetingHeld, AttendanceRecorded, name="surveys")
def on_meeting_event(
    session: Session, events: Sequence[Event[MeetingHeld | AttendanceRecorded]]
) -> None:
    """meeting.held opens the survey; attendance.recorded invites late-recorded attendees."""
    for event in events:
        if isinstance(event.payload, MeetingHeld):
            # The event's own time: a redelivered event opens the same survey window.
            meeting_id = event.payload.meeting_id
            open_survey_for_meeting(session, meeting_id=meeting_id, now=event.occurred_at)
            continue
        survey = open_survey_of(session, event.payload.meeting_id)
        meeting = session.get(Meeting, event.payload.meeting_id)
        if survey is not None and meeting is not None:
            invite_attendees(session, survey=survey, meeting=meeting, now=event.occurred_at)


@consumer(SurveyOpened, name="survey_reminders")
def arm_reminders(session: Session, events: Sequence[Event[SurveyOpened]]) -> None:
    """An opened survey gets its reminder timers, some days before it closes."""
    for event in events:
        survey = session.get(Survey, event.payload.survey_id)
        if survey is None or survey.status != SurveyStatus.open:
            continue
        specs = []
        for days in sorted(set(get_settings().survey_reminder_days), reverse=True):
            when = survey.closes_at - timedelta(days=days)
            if when > survey.opens_at:
                key = f"{SURVEY_REMINDER}:{days}:{survey.id}"
                specs.append(TimerSpec(SURVEY_REMINDER, survey.id, when, event.network_id, key))
        set_timers(session, specs)


@on_timer(SURVEY_REMINDER)
def remind(session: Session, timer: Timer, now: datetime) -> None:
    """Those who have not answered yet (the reminder is withdrawn if they answer first)."""
    survey = session.get(Survey, timer.subject_id)
    if survey is None or survey.status != SurveyStatus.open or survey.closes_at <= now:
        return
    meeting = session.get(Meeting, survey.meeting_id)
    if meeting is None:
        return
    days = timer.key.split(":")[1]
    waiting = session.scalars(
        select(SurveyRecipient.member_id).where(
            SurveyRecipient.survey_id == survey.id, SurveyRecipient.responded_at.is_(None)
        )
    )
    mail = SurveyReminderMail(survey=survey_facts(session, survey))
    key = f"survey_reminder:{survey.id}:{days}"
    ask(session, survey, mail, list(waiting), network_id=meeting.network_id, key=key, now=now)


@on_timer("survey.close")
def close(session: Session, timer: Timer, now: datetime) -> None:
    """Close once: status closed, pending mails about it withdrawn, survey.closed recorded."""
    survey = session.get(Survey, timer.subject_id, with_for_update=True)
    if survey is None or survey.status == SurveyStatus.closed:
        return
    if survey.closes_at > now:  # moved later since the timer was armed
        return
    survey.status = SurveyStatus.closed
    cancel_timers(session, subject_id=survey.id, kinds={SURVEY_REMINDER})
    suppress_pending(session, subject_id=survey.id, kinds=SURVEY_KINDS)
    record_event(
        session,
        payload=SurveyClosed(survey_id=survey.id),
        aggregate_type="survey",
        aggregate_id=survey.id,
        network_id=timer.network_id,
        actor=Actor(kind="system", network_id=timer.network_id),
    )
    session.flush()

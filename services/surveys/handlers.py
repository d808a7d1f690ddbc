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
from services.surveys.service import SurveyStep, take_survey_steps

SURVEY_REMINDER = "survey.reminder"


@consumer(MeetingHeld, AttendanceRecorded, name="surveys")
def on_meeting_event(
    session: Session, events: Sequence[Event[MeetingHeld | AttendanceRecorded]]
) -> None:
    """meeting.held opens the survey; attendance.recorded invites late-recorded attendees.
    The whole batch at once, as if its events came one by one in order."""
    steps = [
        # The event's own time: a redelivered event opens the same survey window.
        SurveyStep(e.payload.meeting_id, e.occurred_at, opens=isinstance(e.payload, MeetingHeld))
        for e in events
    ]
    take_survey_steps(session, steps=steps)


@consumer(SurveyOpened, name="survey_reminders")
def arm_reminders(session: Session, events: Sequence[Event[SurveyOpened]]) -> None:
    """An opened survey gets its reminder timers, some days before it closes; the batch's
    surveys read in one query, their timers set in one INSERT."""
    ids = list(dict.fromkeys(event.payload.survey_id for event in events))
    surveys = {s.id: s for s in session.scalars(select(Survey).where(Survey.id.in_(ids)))}
    days_before = sorted(set(get_settings().survey_reminder_days), reverse=True)
    specs: dict[str, TimerSpec] = {}  # by key: a survey named twice sets its timers once
    for event in events:
        survey = surveys.get(event.payload.survey_id)
        if survey is None or survey.status != SurveyStatus.open:
            continue
        for days in days_before:
            when = survey.closes_at - timedelta(days=days)
            if when > survey.opens_at:
                key = f"{SURVEY_REMINDER}:{days}:{survey.id}"
                specs[key] = TimerSpec(SURVEY_REMINDER, survey.id, when, event.network_id, key)
    set_timers(session, list(specs.values()))


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

"""meeting.held opens the survey; attendance.recorded invites late-recorded attendees."""

from __future__ import annotations

from sqlalchemy.orm import Session

from schemas.events import AttendanceRecorded, EventEnvelope, MeetingHeld
from services.events.consumers import consumer
from services.meetings.models import Meeting
from services.surveys.service import invite_attendees, open_survey_for_meeting, open_survey_of


@consumer("surveys", "meeting.held", "attendance.recorded")
def on_meeting_event(session: Session, event: EventEnvelope) -> None:
    if event.type == "meeting.held":
        held = MeetingHeld.model_validate(event.payload)
        # The event's own time: a redelivered event opens the same survey window.
        open_survey_for_meeting(session, meeting_id=held.meeting_id, now=event.occurred_at)
        return
    recorded = AttendanceRecorded.model_validate(event.payload)
    survey = open_survey_of(session, recorded.meeting_id)
    meeting = session.get(Meeting, recorded.meeting_id)
    if survey is not None and meeting is not None:
        invite_attendees(session, survey=survey, meeting=meeting, now=event.occurred_at)

"""The event catalog: versioned payloads and the envelope every published event travels in."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventEnvelope(BaseModel):
    """What consumers receive: identity and provenance of an event, plus its payload."""

    model_config = ConfigDict(extra="forbid")

    event_id: uuid.UUID
    type: str
    version: int
    occurred_at: datetime
    network_id: uuid.UUID | None
    aggregate_id: uuid.UUID
    actor: str
    payload: dict[str, Any]


class MeetingScheduled(EventPayload):
    meeting_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    sequence: int


class MeetingRescheduled(EventPayload):
    meeting_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    previous_starts_at: datetime
    previous_ends_at: datetime
    sequence: int


class MeetingCancelled(EventPayload):
    meeting_id: uuid.UUID
    sequence: int
    reason: str | None = None


class MeetingHeld(EventPayload):
    meeting_id: uuid.UUID


class AttendanceRecorded(EventPayload):
    meeting_id: uuid.UUID
    present: int
    partial: int
    absent: int


class MinutesApproved(EventPayload):
    meeting_id: uuid.UUID
    minutes_id: uuid.UUID
    approved_by: uuid.UUID | None


class TaskCreated(EventPayload):
    task_id: uuid.UUID
    due_date: date


class TaskCompleted(EventPayload):
    task_id: uuid.UUID


class TaskReassigned(EventPayload):
    """Another owner (a member, or only an organisation) took over an open task."""

    task_id: uuid.UUID
    owner_member_id: uuid.UUID | None
    owner_organisation_id: uuid.UUID | None


class TaskOverdue(EventPayload):
    task_id: uuid.UUID
    due_date: date
    days_overdue: int


class DeadlineRegistered(EventPayload):
    deadline_id: uuid.UUID
    opens_at: datetime | None
    closes_at: datetime


class DeadlineOpened(EventPayload):
    deadline_id: uuid.UUID


class DeadlineClosing(EventPayload):
    deadline_id: uuid.UUID
    closes_at: datetime
    working_days_left: int


class SurveyOpened(EventPayload):
    survey_id: uuid.UUID
    meeting_id: uuid.UUID


class SurveyClosed(EventPayload):
    survey_id: uuid.UUID


class NotificationFailed(EventPayload):
    notification_id: uuid.UUID
    error: str


EVENT_TYPES: dict[str, tuple[int, type[EventPayload]]] = {
    "meeting.scheduled": (1, MeetingScheduled),
    "meeting.rescheduled": (1, MeetingRescheduled),
    "meeting.cancelled": (1, MeetingCancelled),
    "meeting.held": (1, MeetingHeld),
    "attendance.recorded": (1, AttendanceRecorded),
    "minutes.approved": (1, MinutesApproved),
    "task.created": (1, TaskCreated),
    "task.completed": (1, TaskCompleted),
    "task.reassigned": (1, TaskReassigned),
    "task.overdue": (1, TaskOverdue),
    "deadline.registered": (1, DeadlineRegistered),
    "deadline.opened": (1, DeadlineOpened),
    "deadline.closing": (1, DeadlineClosing),
    "survey.opened": (1, SurveyOpened),
    "survey.closed": (1, SurveyClosed),
    "notification.failed": (1, NotificationFailed),
}

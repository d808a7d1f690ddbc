"""Meeting and task events → notification rows (delivery tasks send them later)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from schemas.events import EventEnvelope, TaskCompleted, TaskCreated
from services.events.consumers import consumer
from services.meetings.models import Meeting
from services.notifications.service import (
    NotificationRequest,
    meeting_audience,
    request_notification,
    request_notifications,
    suppress_pending,
)
from services.people.models import Organisation
from services.tasks.models import Task

MEETING_KINDS = {
    "meeting.scheduled": "meeting_invite",
    "meeting.rescheduled": "meeting_invite",
    "meeting.cancelled": "meeting_cancelled",
}


@consumer("notifications", *MEETING_KINDS, "task.created", "task.completed")
def on_event(session: Session, event: EventEnvelope) -> None:
    if event.type in MEETING_KINDS:
        _meeting_mail(session, event, MEETING_KINDS[event.type])
    elif event.type == "task.created":
        _task_assigned(session, event)
    else:
        done = TaskCompleted.model_validate(event.payload)
        suppress_pending(session, subject_id=done.task_id, kinds={"task_reminder", "task_overdue"})


def _meeting_mail(session: Session, event: EventEnvelope, kind: str) -> None:
    meeting = session.get(Meeting, event.aggregate_id)
    if meeting is None:
        return
    context = {"sequence": event.payload.get("sequence", 0)}
    requests = [
        NotificationRequest(
            kind=kind,
            key=f"{kind}:{event.event_id}:{member.id}",
            member_id=member.id,
            subject_id=meeting.id,
            event_id=event.event_id,
            context=context,
        )
        for member in meeting_audience(session, meeting)
    ]
    request_notifications(session, network_id=meeting.network_id, requests=requests)


def _task_assigned(session: Session, event: EventEnvelope) -> None:
    created = TaskCreated.model_validate(event.payload)
    task = session.get(Task, created.task_id)
    if task is None:
        return
    recipient = task.owner_member_id
    if recipient is None and task.owner_organisation_id is not None:
        org = session.get(Organisation, task.owner_organisation_id)
        recipient = org.contact_member_id if org else None
    if recipient is None:
        return
    request_notification(
        session,
        network_id=task.network_id,
        kind="task_assigned",
        key=f"task_assigned:{task.id}:{recipient}",
        member_id=recipient,
        subject_id=task.id,
        event_id=event.event_id,
    )

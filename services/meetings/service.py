"""Meetings: creating, changing, scheduling, moving, cancelling and holding them.

The agenda is in `agenda.py`, attendance in `attendance.py`, adjacent meetings in `adjacent.py`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import MeetingStatus
from schemas.events import MeetingCancelled, MeetingHeld, MeetingScheduled
from schemas.meetings import MeetingIn, MeetingPatch, RescheduleIn
from services.actors import Actor
from services.errors import Invalid
from services.lookup import get_referenced
from services.meetings.access import announce_change, audit, emit, load_meeting
from services.meetings.adjacent import adjacent_meetings, meeting_times, shift_adjacent
from services.meetings.lifecycle import check_transition, transition
from services.meetings.models import Meeting
from services.people.models import Organisation
from services.series.models import MeetingSeries


def create_meeting(
    session: Session, *, data: MeetingIn, actor: Actor, now: datetime | None = None
) -> Meeting:
    """A new meeting starts as planned; scheduling it is what sends invites."""
    if data.starts_at < (now or utcnow()):
        raise Invalid("meetings.start_past", field="starts_at")
    network_id = actor.network_id
    if data.series_id is not None:
        get_referenced(
            session, MeetingSeries, data.series_id, network_id=network_id, label="series"
        )
    if data.adjacent_to_id is not None:
        get_referenced(
            session, Meeting, data.adjacent_to_id, network_id=network_id, label="meeting"
        )
    if data.presenter_organisation_id is not None:
        get_referenced(
            session,
            Organisation,
            data.presenter_organisation_id,
            network_id=network_id,
            label="organisation",
        )
    meeting_id = uuid.uuid4()
    meeting = Meeting(
        id=meeting_id,
        network_id=network_id,
        ical_uid=f"{meeting_id}@samverkan",
        ical_sequence=0,
        status=MeetingStatus.planned,
        **data.model_dump(),
    )
    session.add(meeting)
    session.flush()
    audit(session, actor, "create", "meeting", meeting.id)
    return meeting


def update_meeting(
    session: Session, *, meeting_id: uuid.UUID, data: MeetingPatch, actor: Actor
) -> Meeting:
    """Change title, mode, place or link; a scheduled meeting's invite gets a new SEQUENCE.

    Only a meeting still ahead (proposed, planned, scheduled) changes; a held, minuted or
    cancelled one is a record and refuses with 409 before anything is written.
    """
    meeting = load_meeting(session, meeting_id, actor)
    transition(meeting, "update")
    changes = data.model_dump(exclude_unset=True)
    calendar_fields = {"mode", "location", "online_url", "title"}
    if "location" in changes and changes["location"] != meeting.location:
        # Group meetings held at the network meeting's place move with it; others stay put.
        for other in adjacent_meetings(session, meeting):
            if other.location == meeting.location:
                patch = MeetingPatch(location=changes["location"])
                update_meeting(session, meeting_id=other.id, data=patch, actor=actor)
    for key, value in changes.items():
        setattr(meeting, key, value)
    if meeting.status == MeetingStatus.scheduled and calendar_fields & changes.keys():
        announce_change(session, meeting, meeting.starts_at, meeting.ends_at, actor)
    session.flush()
    audit(session, actor, "update", "meeting", meeting.id, fields=sorted(changes))
    return meeting


def schedule_meeting(session: Session, *, meeting_id: uuid.UUID, actor: Actor) -> Meeting:
    meeting = load_meeting(session, meeting_id, actor)
    transition(meeting, "schedule")
    emit(
        session,
        meeting,
        MeetingScheduled(
            meeting_id=meeting.id,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            sequence=meeting.ical_sequence,
        ),
        actor,
    )
    audit(session, actor, "schedule", "meeting", meeting.id)
    return meeting


def reschedule_meeting(
    session: Session, *, meeting_id: uuid.UUID, data: RescheduleIn, actor: Actor
) -> Meeting:
    """Move a meeting; adjacent steering/preparatory meetings move along by the same amount."""
    meeting = load_meeting(session, meeting_id, actor)
    check_transition(meeting, "reschedule")  # every refusal before the first change
    if data.starts_at < utcnow():
        raise Invalid("meetings.move_past", field="starts_at")
    transition(meeting, "reschedule")
    old_main = meeting_times(meeting.starts_at, meeting.ends_at)
    new_main = meeting_times(data.starts_at, data.ends_at)
    _move(session, meeting, data.starts_at, data.ends_at, actor)
    for other in adjacent_meetings(session, meeting):
        # Local wall-clock gap kept across DST; a meeting "after" follows the new end.
        moved = shift_adjacent(meeting_times(other.starts_at, other.ends_at), old_main, new_main)
        _move(session, other, moved.starts_at.astimezone(UTC), moved.ends_at.astimezone(UTC), actor)
    return meeting


def _move(
    session: Session, meeting: Meeting, starts_at: datetime, ends_at: datetime, actor: Actor
) -> None:
    previous = meeting.starts_at, meeting.ends_at
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    if meeting.status == MeetingStatus.scheduled:
        announce_change(session, meeting, *previous, actor)
    session.flush()
    audit(session, actor, "reschedule", "meeting", meeting.id)


def cancel_meeting(
    session: Session, *, meeting_id: uuid.UUID, actor: Actor, reason: str | None = None
) -> Meeting:
    meeting = load_meeting(session, meeting_id, actor)
    was_scheduled = meeting.status == MeetingStatus.scheduled
    transition(meeting, "cancel")
    if was_scheduled:
        meeting.ical_sequence += 1
        emit(
            session,
            meeting,
            MeetingCancelled(meeting_id=meeting.id, sequence=meeting.ical_sequence, reason=reason),
            actor,
        )
    audit(session, actor, "cancel", "meeting", meeting.id)
    for other in adjacent_meetings(session, meeting):  # a steering group beside nothing is not held
        cancel_meeting(session, meeting_id=other.id, actor=actor, reason=reason)
    return meeting


def mark_held(
    session: Session, *, meeting_id: uuid.UUID, actor: Actor, now: datetime | None = None
) -> Meeting:
    """Scheduled → held, once it has begun; checked before anything changes."""
    meeting = load_meeting(session, meeting_id, actor)
    check_transition(meeting, "hold")
    if meeting.starts_at > (now or utcnow()):
        raise Invalid("meetings.not_started")
    transition(meeting, "hold")
    emit(session, meeting, MeetingHeld(meeting_id=meeting.id), actor)
    audit(session, actor, "hold", "meeting", meeting.id)
    return meeting

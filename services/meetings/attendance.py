"""Who was at a meeting: present, absent, or present for some agenda items."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.enums import AttendanceStatus, MeetingStatus
from schemas.events import AttendanceRecorded
from schemas.meetings import AttendanceIn
from services.actors import Actor
from services.errors import Invalid
from services.meetings.access import audit, emit, load_meeting
from services.meetings.agenda import agenda_numbers
from services.meetings.models import Attendance, Meeting
from services.people.models import Member


def record_attendance(
    session: Session,
    *,
    meeting_id: uuid.UUID,
    data: AttendanceIn,
    actor: Actor,
    replace: bool = True,
    check_items: bool = True,
) -> list[Attendance]:
    """Replace (or, with replace=False, amend) the meeting's attendance with `data`.

    Unknown members are refused before writing. Minutes amend and skip the agenda check: they
    name who they name, and their item numbers are the document's, not the planned agenda's.
    """
    meeting = load_meeting(session, meeting_id, actor)
    if meeting.status not in {MeetingStatus.scheduled, MeetingStatus.held}:
        raise Invalid("attendance.not_scheduled")
    _check_members(session, data, actor)
    if check_items:
        _check_items(meeting, data)
    rows = _store(session, meeting, data, replace=replace)
    counts = {status: sum(r.status == status for r in rows) for status in AttendanceStatus}
    emit(
        session,
        meeting,
        AttendanceRecorded(
            meeting_id=meeting.id,
            present=counts[AttendanceStatus.present],
            partial=counts[AttendanceStatus.partial],
            absent=counts[AttendanceStatus.absent],
        ),
        actor,
    )
    audit(session, actor, "record_attendance", "meeting", meeting.id)
    return rows


def _check_members(session: Session, data: AttendanceIn, actor: Actor) -> None:
    """Each member once, and every one of them a member of the actor's network."""
    member_ids = [entry.member_id for entry in data.entries]
    if len(set(member_ids)) != len(member_ids):
        raise Invalid("attendance.listed_twice")
    known = set(
        session.scalars(
            select(Member.id).where(
                Member.id.in_(member_ids), Member.network_id == actor.network_id
            )
        )
    )
    unknown = [str(m) for m in member_ids if m not in known]
    if unknown:
        raise Invalid("attendance.unknown_members", field="entries", unknown=", ".join(unknown))


def _store(
    session: Session, meeting: Meeting, data: AttendanceIn, *, replace: bool
) -> list[Attendance]:
    """Write the entries over the meeting's rows; replacing drops the members not listed."""
    existing = {
        row.member_id: row
        for row in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    listed = {entry.member_id for entry in data.entries}
    for member_id, stale in existing.items():
        if replace and member_id not in listed:  # the page posts everyone it shows
            session.delete(stale)
    rows = []
    for entry in data.entries:
        row = existing.get(entry.member_id) or Attendance(
            meeting_id=meeting.id, member_id=entry.member_id
        )
        row.status = entry.status
        row.items = entry.items if entry.status == AttendanceStatus.partial else []
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def _check_items(meeting: Meeting, data: AttendanceIn) -> None:
    """'Partial' names its items, and they are items of this meeting's agenda if it has one."""
    numbers = set(agenda_numbers(meeting))
    for entry in data.entries:
        if entry.status != AttendanceStatus.partial:
            continue
        if not entry.items:
            raise Invalid("attendance.name_items", field="entries")
        strange = [item for item in entry.items if numbers and item not in numbers]
        if strange:
            listed, known = ", ".join(strange), ", ".join(agenda_numbers(meeting))
            raise Invalid("attendance.not_on_agenda", field="entries", item=listed, items=known)

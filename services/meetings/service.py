"""Series and meetings: planning, scheduling, moving, cancelling, holding; agenda and attendance."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import AttendanceStatus, MeetingMode, MeetingStatus
from schemas.events import (
    AttendanceRecorded,
    EventPayload,
    MeetingCancelled,
    MeetingHeld,
    MeetingRescheduled,
    MeetingScheduled,
)
from schemas.meetings import (
    AgendaItemIn,
    AgendaItemPatch,
    AttendanceIn,
    MeetingIn,
    MeetingPatch,
    RescheduleIn,
)
from schemas.series import ProposedMeeting
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import Invalid, NotFound
from services.events.service import record_event
from services.lookup import get_in_network, get_referenced
from services.meetings.adjacent import shift_adjacent
from services.meetings.lifecycle import TRANSITIONS, check_transition, transition
from services.meetings.models import AgendaItem, Attendance, Meeting
from services.people.models import Member, Organisation
from services.series.models import MeetingSeries

CANCELLABLE = TRANSITIONS["cancel"][0]


def create_meeting(
    session: Session, *, data: MeetingIn, actor: Actor, now: datetime | None = None
) -> Meeting:
    """A new meeting starts as planned; scheduling it is what sends invites."""
    if data.starts_at < (now or utcnow()):
        raise Invalid(
            "mötet kan inte börja i det förflutna / start is in the past", field="starts_at"
        )
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
    _audit(session, actor, "create", "meeting", meeting.id)
    return meeting


def update_meeting(
    session: Session, *, meeting_id: uuid.UUID, data: MeetingPatch, actor: Actor
) -> Meeting:
    """Change title, mode, place or link; a scheduled meeting's invite gets a new SEQUENCE.

    Only a meeting still ahead (proposed, planned, scheduled) changes; a held, minuted or
    cancelled one is a record and refuses with 409 before anything is written.
    """
    meeting = _meeting(session, meeting_id, actor)
    transition(meeting, "update")
    changes = data.model_dump(exclude_unset=True)
    calendar_fields = {"mode", "location", "online_url", "title"}
    if "location" in changes and changes["location"] != meeting.location:
        # Group meetings held at the network meeting's place move with it; others stay put.
        for other in _adjacent(session, meeting):
            if other.location == meeting.location:
                patch = MeetingPatch(location=changes["location"])
                update_meeting(session, meeting_id=other.id, data=patch, actor=actor)
    for key, value in changes.items():
        setattr(meeting, key, value)
    if meeting.status == MeetingStatus.scheduled and calendar_fields & changes.keys():
        _announce_move(session, meeting, meeting.starts_at, meeting.ends_at, actor)
    session.flush()
    _audit(session, actor, "update", "meeting", meeting.id, fields=sorted(changes))
    return meeting


def schedule_meeting(session: Session, *, meeting_id: uuid.UUID, actor: Actor) -> Meeting:
    meeting = _meeting(session, meeting_id, actor)
    transition(meeting, "schedule")
    _emit(
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
    _audit(session, actor, "schedule", "meeting", meeting.id)
    return meeting


def reschedule_meeting(
    session: Session, *, meeting_id: uuid.UUID, data: RescheduleIn, actor: Actor
) -> Meeting:
    """Move a meeting; adjacent steering/preparatory meetings move along by the same amount."""
    meeting = _meeting(session, meeting_id, actor)
    transition(meeting, "reschedule")
    if data.starts_at < utcnow():
        raise Invalid(
            "mötet kan inte flyttas bakåt i tiden / new start is in the past", field="starts_at"
        )
    old_main = _times(meeting.starts_at, meeting.ends_at)
    new_main = _times(data.starts_at, data.ends_at)
    _move(session, meeting, data.starts_at, data.ends_at, actor)
    for other in _adjacent(session, meeting):
        # Local wall-clock gap kept across DST; a meeting "after" follows the new end.
        moved = shift_adjacent(_times(other.starts_at, other.ends_at), old_main, new_main)
        _move(session, other, moved.starts_at.astimezone(UTC), moved.ends_at.astimezone(UTC), actor)
    return meeting


def _times(starts_at: datetime, ends_at: datetime) -> ProposedMeeting:
    """A meeting's times in the planner's shape (shift_adjacent reads only the times)."""
    return ProposedMeeting(starts_at=starts_at, ends_at=ends_at, mode=MeetingMode.on_site)


def _adjacent(session: Session, meeting: Meeting) -> list[Meeting]:
    """The steering/preparatory meetings beside a network meeting that still count."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.adjacent_to_id == meeting.id, Meeting.status.in_(CANCELLABLE))
            .order_by(Meeting.starts_at)
        )
    )


def _move(
    session: Session, meeting: Meeting, starts_at: datetime, ends_at: datetime, actor: Actor
) -> None:
    previous = meeting.starts_at, meeting.ends_at
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    if meeting.status == MeetingStatus.scheduled:
        _announce_move(session, meeting, *previous, actor)
    session.flush()
    _audit(session, actor, "reschedule", "meeting", meeting.id)


def _announce_move(
    session: Session,
    meeting: Meeting,
    previous_start: datetime,
    previous_end: datetime,
    actor: Actor,
) -> None:
    meeting.ical_sequence += 1
    _emit(
        session,
        meeting,
        MeetingRescheduled(
            meeting_id=meeting.id,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            previous_starts_at=previous_start,
            previous_ends_at=previous_end,
            sequence=meeting.ical_sequence,
        ),
        actor,
    )


def cancel_meeting(
    session: Session, *, meeting_id: uuid.UUID, actor: Actor, reason: str | None = None
) -> Meeting:
    meeting = _meeting(session, meeting_id, actor)
    was_scheduled = meeting.status == MeetingStatus.scheduled
    transition(meeting, "cancel")
    if was_scheduled:
        meeting.ical_sequence += 1
        _emit(
            session,
            meeting,
            MeetingCancelled(meeting_id=meeting.id, sequence=meeting.ical_sequence, reason=reason),
            actor,
        )
    _audit(session, actor, "cancel", "meeting", meeting.id)
    for other in _adjacent(session, meeting):  # a steering group beside nothing is not held
        cancel_meeting(session, meeting_id=other.id, actor=actor, reason=reason)
    return meeting


def mark_held(
    session: Session, *, meeting_id: uuid.UUID, actor: Actor, now: datetime | None = None
) -> Meeting:
    """Scheduled → held, once it has begun; checked before anything changes."""
    meeting = _meeting(session, meeting_id, actor)
    check_transition(meeting, "hold")
    if meeting.starts_at > (now or utcnow()):
        raise Invalid("mötet har inte börjat än / the meeting has not started yet")
    transition(meeting, "hold")
    _emit(session, meeting, MeetingHeld(meeting_id=meeting.id), actor)
    _audit(session, actor, "hold", "meeting", meeting.id)
    return meeting


def add_agenda_item(
    session: Session, *, meeting_id: uuid.UUID, data: AgendaItemIn, actor: Actor
) -> AgendaItem:
    meeting = _meeting(session, meeting_id, actor)
    if data.presenter_organisation_id is not None:
        get_referenced(
            session,
            Organisation,
            data.presenter_organisation_id,
            network_id=actor.network_id,
            label="organisation",
        )
    position = data.position if data.position is not None else len(meeting.agenda_items)
    item = AgendaItem(
        meeting_id=meeting.id,
        position=position,
        number=data.number,
        title=data.title,
        notes=data.notes,
        presenter_organisation_id=data.presenter_organisation_id,
    )
    before = _agenda_text(meeting)
    session.add(item)
    session.flush()
    session.expire(meeting, ["agenda_items"])
    _announce_agenda(session, meeting, before, actor)
    _audit(session, actor, "create", "agenda_item", item.id)
    return item


def update_agenda_item(
    session: Session,
    *,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    data: AgendaItemPatch,
    actor: Actor,
) -> AgendaItem:
    """Edit or move an item; positions stay 0..n-1 and a scheduled invite gets the new agenda."""
    meeting = _meeting(session, meeting_id, actor)
    item = _agenda_item(meeting, item_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("presenter_organisation_id") is not None:
        get_referenced(
            session,
            Organisation,
            changes["presenter_organisation_id"],
            network_id=actor.network_id,
            label="organisation",
        )
    before = _agenda_text(meeting)
    position = changes.pop("position", None)
    for key, value in changes.items():
        setattr(item, key, value)
    order = [other for other in meeting.agenda_items if other.id != item.id]
    if position is None:
        order = list(meeting.agenda_items)
    else:
        order.insert(min(position, len(order)), item)
    _renumber(session, meeting, order)
    _announce_agenda(session, meeting, before, actor)
    fields = sorted([*changes, *(["position"] if position is not None else [])])
    _audit(session, actor, "update", "agenda_item", item.id, fields=fields)
    return item


def delete_agenda_item(
    session: Session, *, meeting_id: uuid.UUID, item_id: uuid.UUID, actor: Actor
) -> None:
    """Remove an item; the ones after it move up, and a scheduled invite is updated."""
    meeting = _meeting(session, meeting_id, actor)
    item = _agenda_item(meeting, item_id)
    before = _agenda_text(meeting)
    meeting.agenda_items.remove(item)  # delete-orphan: the row goes with the flush
    session.flush()
    _renumber(session, meeting, list(meeting.agenda_items))
    _announce_agenda(session, meeting, before, actor)
    _audit(session, actor, "delete", "agenda_item", item_id)


def agenda_numbers(meeting: Meeting) -> list[str]:
    """The numbers the meeting page shows: an item's own number, else its place."""
    return [str(item.number or i) for i, item in enumerate(meeting.agenda_items, start=1)]


def _agenda_item(meeting: Meeting, item_id: uuid.UUID) -> AgendaItem:
    for item in meeting.agenda_items:
        if item.id == item_id:
            return item
    raise NotFound(f"dagordningspunkt {item_id} finns inte / agenda item does not exist")


def _renumber(session: Session, meeting: Meeting, order: list[AgendaItem]) -> None:
    for position, item in enumerate(order):
        item.position = position
    session.flush()
    session.expire(meeting, ["agenda_items"])


def _agenda_text(meeting: Meeting) -> list[str]:
    """What of the agenda reaches the invite (ics DESCRIPTION lists the titles in order)."""
    return [item.title for item in meeting.agenda_items]


def _announce_agenda(session: Session, meeting: Meeting, before: list[str], actor: Actor) -> None:
    """A scheduled meeting's invite carries the agenda: a change re-sends it, SEQUENCE + 1."""
    if meeting.status == MeetingStatus.scheduled and _agenda_text(meeting) != before:
        _announce_move(session, meeting, meeting.starts_at, meeting.ends_at, actor)
        session.flush()


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
    meeting = _meeting(session, meeting_id, actor)
    if meeting.status not in {MeetingStatus.scheduled, MeetingStatus.held}:
        raise Invalid("närvaro tas för schemalagda eller hållna möten / meeting not scheduled")
    member_ids = [entry.member_id for entry in data.entries]
    if len(set(member_ids)) != len(member_ids):
        raise Invalid("en medlem förekommer två gånger / a member is listed twice")
    known = set(
        session.scalars(
            select(Member.id).where(
                Member.id.in_(member_ids), Member.network_id == actor.network_id
            )
        )
    )
    unknown = [str(m) for m in member_ids if m not in known]
    if unknown:
        raise Invalid(f"okända medlemmar / unknown members: {', '.join(unknown)}", field="entries")
    if check_items:
        _check_items(meeting, data)
    existing = {
        row.member_id: row
        for row in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    listed = set(member_ids)
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
    counts = {status: sum(r.status == status for r in rows) for status in AttendanceStatus}
    _emit(
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
    _audit(session, actor, "record_attendance", "meeting", meeting.id)
    return rows


def _check_items(meeting: Meeting, data: AttendanceIn) -> None:
    """'Partial' names its items, and they are items of this meeting's agenda if it has one."""
    numbers = set(agenda_numbers(meeting))
    for entry in data.entries:
        if entry.status != AttendanceStatus.partial:
            continue
        if not entry.items:
            raise Invalid(
                "ange vilka punkter medlemmen var med på / "
                "name the agenda items a partial attendee was present for",
                field="entries",
            )
        strange = [item for item in entry.items if numbers and item not in numbers]
        if strange:
            listed, known = ", ".join(strange), ", ".join(agenda_numbers(meeting))
            raise Invalid(
                f"punkt {listed} finns inte på dagordningen (punkter: {known}) / "
                f"item {listed} is not on the agenda (items: {known})",
                field="entries",
            )


def _emit(session: Session, meeting: Meeting, payload: EventPayload, actor: Actor) -> None:
    record_event(
        session,
        payload=payload,
        aggregate_type="meeting",
        aggregate_id=meeting.id,
        network_id=meeting.network_id,
        actor=actor,
    )


def _meeting(session: Session, meeting_id: uuid.UUID, actor: Actor) -> Meeting:
    return get_in_network(
        session, Meeting, meeting_id, network_id=actor.network_id, label="meeting", for_update=True
    )


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    fields: list[str] | None = None,
) -> None:
    record_audit(
        session,
        actor=actor,
        action=action,
        entity_type=entity,
        entity_id=entity_id,
        network_id=actor.network_id,
        details={"fields": fields} if fields else None,
    )

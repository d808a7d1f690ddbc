"""A meeting's agenda: items added, edited, moved and removed; a scheduled invite follows."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from schemas.enums import MeetingStatus
from schemas.meetings import AgendaItemIn, AgendaItemPatch
from services.actors import Actor
from services.errors import NotFound
from services.lookup import get_referenced
from services.meetings.access import announce_change, audit, load_meeting
from services.meetings.models import AgendaItem, Meeting
from services.people.models import Organisation


def add_agenda_item(
    session: Session, *, meeting_id: uuid.UUID, data: AgendaItemIn, actor: Actor
) -> AgendaItem:
    meeting = load_meeting(session, meeting_id, actor)
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
    audit(session, actor, "create", "agenda_item", item.id)
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
    meeting = load_meeting(session, meeting_id, actor)
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
    audit(session, actor, "update", "agenda_item", item.id, fields=fields)
    return item


def delete_agenda_item(
    session: Session, *, meeting_id: uuid.UUID, item_id: uuid.UUID, actor: Actor
) -> None:
    """Remove an item; the ones after it move up, and a scheduled invite is updated."""
    meeting = load_meeting(session, meeting_id, actor)
    item = _agenda_item(meeting, item_id)
    before = _agenda_text(meeting)
    meeting.agenda_items.remove(item)  # delete-orphan: the row goes with the flush
    session.flush()
    _renumber(session, meeting, list(meeting.agenda_items))
    _announce_agenda(session, meeting, before, actor)
    audit(session, actor, "delete", "agenda_item", item_id)


def agenda_numbers(meeting: Meeting) -> list[str]:
    """The numbers the meeting page shows: an item's own number, else its place."""
    return [str(item.number or i) for i, item in enumerate(meeting.agenda_items, start=1)]


def _agenda_item(meeting: Meeting, item_id: uuid.UUID) -> AgendaItem:
    for item in meeting.agenda_items:
        if item.id == item_id:
            return item
    raise NotFound("agenda.item_not_found", item_id=item_id)


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
        announce_change(session, meeting, meeting.starts_at, meeting.ends_at, actor)
        session.flush()

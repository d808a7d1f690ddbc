"""Minutes: save the coordinator's reviewed extraction, approve it, and resolve names to ids."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import ActionKind, AttendanceStatus, MeetingStatus
from schemas.events import MinutesApproved
from schemas.meetings import AttendanceEntry, AttendanceIn
from schemas.minutes import ActionItem as ExtractedAction
from schemas.minutes import MinutesExtraction
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import Conflict, Invalid
from services.events.service import record_event
from services.lookup import get_in_network
from services.meetings.attendance import record_attendance
from services.meetings.lifecycle import check_transition, transition
from services.meetings.models import Meeting
from services.minutes.models import ActionItem, Decision, Minutes, MinutesStatus
from services.people.models import Member, Organisation


def organisation_index(session: Session, network_id: uuid.UUID) -> dict[str, Organisation]:
    """Every spelling we know of each organisation (name, short name, aliases), lower-cased."""
    index: dict[str, Organisation] = {}
    for org in session.scalars(select(Organisation).where(Organisation.network_id == network_id)):
        for spelling in (org.name, org.short_name, *org.aliases):
            index.setdefault(spelling.strip().lower(), org)
    return index


def member_index(session: Session, network_id: uuid.UUID) -> dict[str, Member]:
    members = session.scalars(select(Member).where(Member.network_id == network_id))
    return {m.name.strip().lower(): m for m in members}


def save_reviewed_minutes(
    session: Session,
    *,
    meeting_id: uuid.UUID,
    extraction: MinutesExtraction,
    actor: Actor,
    text: str = "",
) -> tuple[Minutes, list[str]]:
    """Store minutes, decisions, action items, attendance; return names matching no member."""
    meeting = get_in_network(
        session, Meeting, meeting_id, network_id=actor.network_id, label="meeting", for_update=True
    )
    if meeting.status not in {MeetingStatus.scheduled, MeetingStatus.held}:
        raise Conflict("minutes.needs_held_meeting")
    minutes = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
    if minutes is not None and minutes.status == MinutesStatus.approved:
        raise Conflict("minutes.already_approved")
    orgs = organisation_index(session, meeting.network_id)
    members = member_index(session, meeting.network_id)
    resolved = [_resolve_action(action, orgs, members) for action in extraction.action_items]
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id)
        session.add(minutes)
    minutes.text = text or minutes.text
    minutes.extraction = extraction.model_dump(mode="json")
    session.flush()
    session.execute(delete(Decision).where(Decision.minutes_id == minutes.id))
    session.execute(delete(ActionItem).where(ActionItem.minutes_id == minutes.id))
    session.add_all(
        Decision(minutes_id=minutes.id, item_number=d.item, text=d.text)
        for d in extraction.decisions
    )
    for action, (member_id, org_id) in zip(extraction.action_items, resolved, strict=True):
        session.add(
            ActionItem(
                minutes_id=minutes.id,
                text=action.text,
                title=action.title or _title(action.text),
                kind=ActionKind(action.kind),
                item_number=action.item,
                due_date=action.due,
                owner_member_id=member_id,
                owner_organisation_id=org_id,
            )
        )
    unmatched = _record_attendance(session, meeting, extraction, members, actor)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="save_minutes",
        entity_type="minutes",
        entity_id=minutes.id,
        network_id=actor.network_id,
        details={"action_items": len(extraction.action_items), "unmatched": len(unmatched)},
    )
    return minutes, unmatched


def _resolve_action(
    action: ExtractedAction, orgs: dict[str, Organisation], members: dict[str, Member]
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(member id, organisation id) of the owner; an organisation we do not know is refused."""
    owner_name, owner_org = action.owner_name, action.owner_organisation
    member = members.get(owner_name.strip().lower()) if owner_name else None
    org = None
    if owner_org:
        org = orgs.get(owner_org.strip().lower())
        if org is None:
            known = ", ".join(sorted({o.name for o in orgs.values()}))
            raise Invalid(
                "minutes.unknown_organisation",
                name=owner_org,
                known=known,
                field="owner_organisation",
            )
    if org is None and member is not None:
        return member.id, member.organisation_id
    return (member.id if member else None), (org.id if org else None)


def _record_attendance(
    session: Session,
    meeting: Meeting,
    extraction: MinutesExtraction,
    members: dict[str, Member],
    actor: Actor,
) -> list[str]:
    """Through the meetings service, so attendance.recorded fires (late attendees get surveys)."""
    entries: dict[uuid.UUID, AttendanceEntry] = {}
    unmatched: list[str] = []
    for person in extraction.attendance.present:
        member = members.get(person.name.strip().lower())
        status = AttendanceStatus.partial if person.items else AttendanceStatus.present
        if member is None:
            unmatched.append(person.name)
        else:
            entries[member.id] = AttendanceEntry(
                member_id=member.id, status=status, items=list(person.items)
            )
    for absent in extraction.attendance.absent:
        member = members.get(absent.name.strip().lower())
        if member is None:
            unmatched.append(absent.name)
        else:
            entries.setdefault(
                member.id, AttendanceEntry(member_id=member.id, status=AttendanceStatus.absent)
            )
    if entries:
        record_attendance(
            session,
            meeting_id=meeting.id,
            data=AttendanceIn(entries=list(entries.values())),
            actor=actor,
            replace=False,
            check_items=False,
        )
    return unmatched


def _title(text: str) -> str:
    first = text.strip().split(". ")[0]
    return first if len(first) <= 120 else first[:117].rstrip() + "…"


def approve_minutes(session: Session, *, meeting_id: uuid.UUID, actor: Actor) -> Minutes:
    """Held → minutes approved by a coordinator; minutes.approved then creates the follow-ups."""
    meeting = get_in_network(
        session, Meeting, meeting_id, network_id=actor.network_id, label="meeting", for_update=True
    )
    check_transition(meeting, "approve_minutes")
    minutes = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
    if minutes is None:
        raise Conflict("minutes.nothing_to_approve")
    transition(meeting, "approve_minutes")
    minutes.status = MinutesStatus.approved
    minutes.approved_at = utcnow()
    minutes.approved_by_id = actor.id if actor.kind == "user" else None
    record_event(
        session,
        payload=MinutesApproved(
            meeting_id=meeting.id, minutes_id=minutes.id, approved_by=minutes.approved_by_id
        ),
        aggregate_type="meeting",
        aggregate_id=meeting.id,
        network_id=meeting.network_id,
        actor=actor,
    )
    record_audit(
        session,
        actor=actor,
        action="approve",
        entity_type="minutes",
        entity_id=minutes.id,
        network_id=actor.network_id,
    )
    return minutes

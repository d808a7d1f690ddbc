"""Reads of meetings that other rooms use (the weekly digest, the calendar feeds, the pages)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from schemas.enums import AttendanceStatus, MeetingKind, MeetingStatus, RsvpResponse
from services.lookup import get_in_network
from services.meetings.audience import is_invited
from services.meetings.models import Attendance, Meeting, Rsvp
from services.people.models import Member, Organisation
from services.series.models import MeetingSeries

IN_FEEDS = (
    MeetingStatus.scheduled,
    MeetingStatus.held,
    MeetingStatus.minutes_approved,
    MeetingStatus.cancelled,
)


def next_meeting_for(session: Session, member: Member, *, now: datetime) -> Meeting | None:
    """The member's next scheduled meeting (looking at the network's next ten)."""
    upcoming = session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == member.network_id,
            Meeting.status == MeetingStatus.scheduled,
            Meeting.starts_at > now,
        )
        .order_by(Meeting.starts_at)
        .limit(10)
    )
    return next((m for m in upcoming if is_invited(member, m)), None)


def feed_meetings(
    session: Session, member: Member, *, since: datetime, mine: bool
) -> list[Meeting]:
    """Meetings since `since` the member is invited to (`mine`: or stands in for)."""
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == member.network_id,
            Meeting.status.in_(IN_FEEDS),
            Meeting.starts_at >= since,
        )
        .order_by(Meeting.starts_at)
    )
    substitute_for = set(
        session.scalars(
            select(Rsvp.meeting_id).where(
                Rsvp.substitute_member_id == member.id, Rsvp.response == RsvpResponse.declined
            )
        )
    )
    return [m for m in meetings if is_invited(member, m) or (mine and m.id in substitute_for)]


def meeting_in(session: Session, meeting_id: uuid.UUID, *, network_id: uuid.UUID) -> Meeting:
    """The meeting, if it belongs to the network; otherwise NotFound."""
    return get_in_network(session, Meeting, meeting_id, network_id=network_id, label="meeting")


def find_meeting(
    session: Session, meeting_id: uuid.UUID, *, network_id: uuid.UUID
) -> Meeting | None:
    """The meeting if it belongs to the network, else None (the caller words the refusal)."""
    meeting = session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.network_id == network_id else None


def meetings_of(session: Session, network_id: uuid.UUID, *, newest_first: bool) -> list[Meeting]:
    """Every meeting of the network by start."""
    order = Meeting.starts_at.desc() if newest_first else Meeting.starts_at
    query = select(Meeting).where(Meeting.network_id == network_id)
    return list(session.scalars(query.order_by(order)))


def series_of(session: Session, network_id: uuid.UUID) -> list[MeetingSeries]:
    """The network's meeting series by name."""
    query = select(MeetingSeries).where(MeetingSeries.network_id == network_id)
    return list(session.scalars(query.order_by(MeetingSeries.name)))


def series_in(
    session: Session, series_id: uuid.UUID, *, network_id: uuid.UUID
) -> MeetingSeries | None:
    """The series if it belongs to the network (a form's choice, checked)."""
    series = session.get(MeetingSeries, series_id)
    return series if series is not None and series.network_id == network_id else None


def rsvps_by_member(session: Session, meeting_id: uuid.UUID) -> dict[uuid.UUID, Rsvp]:
    query = select(Rsvp).where(Rsvp.meeting_id == meeting_id)
    return {r.member_id: r for r in session.scalars(query)}


def attendance_of(session: Session, meeting_id: uuid.UUID) -> list[Attendance]:
    """Who was recorded present, absent or there for some items."""
    return list(session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)))


def attendance_by_member(session: Session, meeting_id: uuid.UUID) -> dict[uuid.UUID, Attendance]:
    return {a.member_id: a for a in attendance_of(session, meeting_id)}


def upcoming_for(session: Session, member: Member, *, now: datetime) -> list[Meeting]:
    """Scheduled meetings from now on the member is invited to (of the network's next ten)."""
    upcoming = session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == member.network_id,
            Meeting.status == MeetingStatus.scheduled,
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
        .limit(10)
    )
    return [m for m in upcoming if is_invited(member, m)]


def answers_of(
    session: Session, member_id: uuid.UUID, meeting_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Rsvp]:
    """The member's RSVP per meeting, for the given meetings."""
    query = select(Rsvp).where(Rsvp.member_id == member_id, Rsvp.meeting_id.in_(list(meeting_ids)))
    return {r.meeting_id: r for r in session.scalars(query)}


@dataclass
class MeetingRow:
    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    status: str
    accepted: int
    declined: int
    no_answer: int


@dataclass
class OrgAttendance:
    organisation: str
    attended: int


def _invited_by_kind(session: Session, network_id: uuid.UUID) -> dict[MeetingKind, int]:
    """How many active members each kind of meeting invites."""
    audience = session.execute(
        select(
            func.count(),
            func.sum(case((Member.in_steering_group.is_(True), 1), else_=0)),
            func.sum(case((Member.in_preparatory_group.is_(True), 1), else_=0)),
        ).where(Member.network_id == network_id, Member.active.is_(True))
    ).one()
    return {
        MeetingKind.network: int(audience[0] or 0),
        MeetingKind.steering: int(audience[1] or 0),
        MeetingKind.preparatory: int(audience[2] or 0),
    }


def upcoming_meetings(session: Session, network_id: uuid.UUID, now: datetime) -> list[MeetingRow]:
    """Next meetings with RSVP counts; members without an answer count as 'no answer'."""
    counts = (
        select(
            Rsvp.meeting_id,
            func.count().label("total"),
            func.sum(case((Rsvp.response == RsvpResponse.accepted, 1), else_=0)).label("yes"),
            func.sum(case((Rsvp.response == RsvpResponse.declined, 1), else_=0)).label("no"),
        )
        .join(Meeting, Meeting.id == Rsvp.meeting_id)  # only this network's coming meetings
        .where(Meeting.network_id == network_id, Meeting.starts_at >= now)
        .group_by(Rsvp.meeting_id)
        .subquery()
    )
    invited_by_kind = _invited_by_kind(session, network_id)
    query = (
        select(Meeting, counts.c.total, counts.c.yes, counts.c.no)
        .outerjoin(counts, counts.c.meeting_id == Meeting.id)
        .where(
            Meeting.network_id == network_id,
            Meeting.starts_at >= now,
            Meeting.status.in_([MeetingStatus.planned, MeetingStatus.scheduled]),
        )
        .order_by(Meeting.starts_at)
        .limit(6)
    )
    rows = []
    for row in session.execute(query):
        meeting: Meeting = row[0]
        total, yes, no = int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)
        invited = max(total, invited_by_kind[meeting.kind])  # steering: its members only
        rows.append(
            MeetingRow(
                meeting.id,
                meeting.title,
                meeting.starts_at,
                meeting.ends_at,
                meeting.status.value,
                yes,
                no,
                max(invited - yes - no, 0),
            )
        )
    return rows


def attendance_by_org(
    session: Session, network_id: uuid.UUID, now: datetime
) -> tuple[list[OrgAttendance], int]:
    """Meetings each organisation attended (anyone present, or for some items) in 12 months."""
    since = now - timedelta(days=365)
    held = (Meeting.network_id == network_id) & Meeting.starts_at.between(since, now)
    held = held & Meeting.status.in_([MeetingStatus.held, MeetingStatus.minutes_approved])
    attended = (
        select(Member.organisation_id, func.count(func.distinct(Attendance.meeting_id)))
        .join(Attendance, Attendance.member_id == Member.id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(held, Attendance.status != AttendanceStatus.absent)
        .group_by(Member.organisation_id)
    )
    by_org: dict[uuid.UUID, int] = {org: int(n) for org, n in session.execute(attended)}
    orgs = session.execute(
        select(Organisation.id, Organisation.short_name)
        .where(Organisation.network_id == network_id)
        .order_by(Organisation.name)
    )
    total = session.scalar(select(func.count()).select_from(Meeting).where(held)) or 0
    return [OrgAttendance(name, by_org.get(org_id, 0)) for org_id, name in orgs], total

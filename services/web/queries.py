"""The overview's read models: a fixed number of queries whatever the data size (no N+1)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased

from services.deadlines.models import Deadline
from services.events.models import DeadLetter
from services.inbound.models import InboundMessage, InboundOutcome
from services.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rsvp,
    RsvpResponse,
)
from services.notifications.models import Notification, NotificationStatus
from services.people.models import EmailStatus, Member, Organisation
from services.surveys.models import Survey, SurveyRecipient
from services.tasks.models import Task, TaskStatus


@dataclass
class TaskRow:
    id: uuid.UUID
    title: str
    due_date: date
    organisation: str | None
    owner: str | None


@dataclass
class OverdueGroup:
    organisation_id: uuid.UUID | None
    organisation: str
    count: int = 0
    oldest: date | None = None
    owner: str | None = None


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
class SurveyRate:
    title: str
    closes_at: datetime
    recipients: int
    responded: int

    @property
    def percent(self) -> int:
        return round(100 * self.responded / self.recipients) if self.recipients else 0


@dataclass
class OrgAttendance:
    organisation: str
    attended: int


@dataclass
class Failure:
    id: uuid.UUID
    kind: str
    what: str
    error: str
    at: datetime | None


@dataclass
class Overview:
    overdue: list[OverdueGroup]
    due_soon: list[TaskRow]
    meetings: list[MeetingRow]
    windows: list[Deadline]
    surveys: list[SurveyRate]
    attendance: list[OrgAttendance]
    meetings_held: int
    failures: list[Failure] = field(default_factory=list)
    waiting_mail: list[WaitingMail] = field(default_factory=list)
    failing: list[FailingAddress] = field(default_factory=list)


@dataclass
class WaitingMail:
    """A message in the organiser mailbox that a person must read (left there, flagged)."""

    kind: str
    reason: str
    subject: str | None
    sender: str | None
    received_at: datetime
    proposed: tuple[datetime, datetime] | None = None
    note: str | None = None


@dataclass
class FailingAddress:
    name: str
    email: str
    reason: str | None
    since: datetime | None


def _task_rows(session: Session, *conditions: object, limit: int) -> list[TaskRow]:
    owner = aliased(Member)
    org_id = func.coalesce(Task.owner_organisation_id, owner.organisation_id)
    query = (
        select(Task.id, Task.title, Task.due_date, Organisation.short_name, owner.name)
        .outerjoin(owner, owner.id == Task.owner_member_id)
        .outerjoin(Organisation, Organisation.id == org_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(Task.due_date, Task.id)
        .limit(limit)
    )
    return [TaskRow(*row) for row in session.execute(query)]


def overdue_groups(session: Session, network_id: uuid.UUID, today: date) -> list[OverdueGroup]:
    """Count, oldest due date and the oldest task's owner, per organisation (one query)."""
    owner = aliased(Member)
    org_id = func.coalesce(Task.owner_organisation_id, owner.organisation_id).label("org_id")
    query = (
        select(org_id, Organisation.name, Task.due_date, owner.name)
        .select_from(Task)
        .outerjoin(owner, owner.id == Task.owner_member_id)
        .outerjoin(Organisation, Organisation.id == org_id)
        .where(
            Task.network_id == network_id,
            Task.status == TaskStatus.open,
            Task.due_date < today,
        )
        .order_by(Task.due_date, Task.id)
    )
    groups: dict[uuid.UUID | None, OverdueGroup] = {}
    for org, org_name, due, owner_name in session.execute(query):
        group = groups.setdefault(org, OverdueGroup(org, org_name or "—"))
        group.count += 1
        if group.oldest is None:
            group.oldest, group.owner = due, owner_name
    return sorted(groups.values(), key=lambda g: (-g.count, g.organisation))


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
    audience = session.execute(
        select(
            func.count(),
            func.sum(case((Member.in_steering_group.is_(True), 1), else_=0)),
            func.sum(case((Member.in_preparatory_group.is_(True), 1), else_=0)),
        ).where(Member.network_id == network_id, Member.active.is_(True))
    ).one()
    invited_by_kind = {
        MeetingKind.network: int(audience[0] or 0),
        MeetingKind.steering: int(audience[1] or 0),
        MeetingKind.preparatory: int(audience[2] or 0),
    }
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


def survey_rates(session: Session, network_id: uuid.UUID) -> list[SurveyRate]:
    query = (
        select(
            Survey.title,
            Survey.closes_at,
            func.count(SurveyRecipient.id),
            func.count(SurveyRecipient.responded_at),
        )
        .join(Meeting, Meeting.id == Survey.meeting_id)
        .outerjoin(SurveyRecipient, SurveyRecipient.survey_id == Survey.id)
        .where(Meeting.network_id == network_id)
        .group_by(Survey.id, Survey.title, Survey.closes_at)
        .order_by(Survey.closes_at.desc())
        .limit(8)
    )
    return [SurveyRate(*row) for row in session.execute(query)]


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


def failures(session: Session, network_id: uuid.UUID) -> list[Failure]:
    mails = session.scalars(
        select(Notification)
        .where(
            Notification.network_id == network_id,
            Notification.status == NotificationStatus.failed,
        )
        .order_by(Notification.updated_at.desc())
        .limit(20)
    )
    letters = session.scalars(
        select(DeadLetter)
        .where(DeadLetter.network_id == network_id, DeadLetter.retried_at.is_(None))
        .order_by(DeadLetter.failed_at.desc())
        .limit(20)
    )
    rows = [Failure(n.id, "notification", n.kind, n.last_error or "", n.updated_at) for n in mails]
    rows += [Failure(d.id, "dead_letter", d.task_name, d.error, d.failed_at) for d in letters]
    return rows


def waiting_mail(session: Session, network_id: uuid.UUID) -> list[WaitingMail]:
    """COUNTERs, strangers' replies and mail not understood (the mailbox is the network's, so
    a message that names no network is shown too)."""
    rows = session.scalars(
        select(InboundMessage)
        .where(
            InboundMessage.outcome == InboundOutcome.for_person,
            or_(InboundMessage.network_id == network_id, InboundMessage.network_id.is_(None)),
        )
        .order_by(InboundMessage.received_at.desc())
        .limit(30)
    )
    return [
        WaitingMail(
            r.kind.value,
            r.reason,
            r.subject,
            r.sender,
            r.received_at,
            (r.proposed_starts_at, r.proposed_ends_at)
            if r.proposed_starts_at and r.proposed_ends_at
            else None,
            r.note,
        )
        for r in rows
    ]


def failing_addresses(session: Session, network_id: uuid.UUID) -> list[FailingAddress]:
    """Members whose address bounced, newest first, with the bounce's reason."""
    rows = session.scalars(
        select(Member)
        .where(Member.network_id == network_id, Member.email_status == EmailStatus.failing)
        .order_by(Member.failing_since.desc(), Member.name)
        .limit(50)
    )
    return [FailingAddress(m.name, m.email, m.bounce_reason, m.failing_since) for m in rows]


def overview(session: Session, network_id: uuid.UUID, *, now: datetime, today: date) -> Overview:
    """Everything the coordinator's overview shows, in fourteen queries."""
    windows = list(
        session.scalars(
            select(Deadline)
            .where(Deadline.network_id == network_id, Deadline.closes_at >= now)
            .order_by(Deadline.closes_at)
            .limit(10)
        )
    )
    attendance, held = attendance_by_org(session, network_id, now)
    return Overview(
        overdue=overdue_groups(session, network_id, today),
        due_soon=_task_rows(
            session,
            Task.network_id == network_id,
            Task.status == TaskStatus.open,
            Task.due_date.between(today, today + timedelta(days=14)),
            limit=30,
        ),
        meetings=upcoming_meetings(session, network_id, now),
        windows=windows,
        surveys=survey_rates(session, network_id),
        attendance=attendance,
        meetings_held=held,
        failures=failures(session, network_id),
        waiting_mail=waiting_mail(session, network_id),
        failing=failing_addresses(session, network_id),
    )

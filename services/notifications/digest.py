"""The weekly digest: armed as one timer per network and ISO week, sent Monday 08:00 Stockholm."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from schemas.notifications import DeadlineItem, DigestContent, InviteMeeting, SurveyItem, TaskItem
from services.deadlines.models import Deadline, DeadlineFollower
from services.events.models import Timer
from services.events.reactions import on_timer
from services.events.timers import TimerSpec, set_timers
from services.meetings.models import Meeting, MeetingStatus
from services.notifications.links import Links
from services.notifications.preferences import wants
from services.notifications.service import NotificationRequest, request_notifications
from services.people.models import Member, Network, Organisation
from services.surveys.models import Survey, SurveyRecipient, SurveyStatus
from services.tasks.models import Task, TaskStatus

DIGEST_TIMER = "digest.weekly"
DIGEST_HOUR = time(8, 0)
DEADLINE_HORIZON = timedelta(days=60)


def next_digest_at(now: datetime) -> tuple[datetime, date]:
    """The coming Monday 08:00 Stockholm (today's if it is Monday before eight) and its date."""
    local = now.astimezone(LOCAL_TZ)
    monday = local.date() - timedelta(days=local.weekday())
    when = datetime.combine(monday, DIGEST_HOUR, tzinfo=LOCAL_TZ)
    if when <= local:
        monday += timedelta(days=7)
        when = datetime.combine(monday, DIGEST_HOUR, tzinfo=LOCAL_TZ)
    return when, monday


def arm_digests(factory: sessionmaker[Session], *, now: datetime) -> int:
    """Beat: one timer per network and ISO week (keyed, so two beats arm it once)."""
    when, monday = next_digest_at(now)
    year, week, _ = monday.isocalendar()
    with factory.begin() as session:
        ids = list(session.scalars(select(Network.id)))
        set_timers(
            session,
            [
                TimerSpec(DIGEST_TIMER, nid, when, nid, f"{DIGEST_TIMER}:{nid}:{year}-W{week:02d}")
                for nid in ids
            ],
        )
    return len(ids)


@on_timer(DIGEST_TIMER)
def request_digests(session: Session, timer: Timer, now: datetime) -> None:
    """One digest row per active member who has not turned it off (built when sent)."""
    week_of = timer.due_at.astimezone(LOCAL_TZ).date()
    members = session.scalars(
        select(Member).where(Member.network_id == timer.subject_id, Member.active.is_(True))
    )
    requests = [
        NotificationRequest(
            kind="weekly_digest",
            key=f"weekly_digest:{member.id}:{week_of.isoformat()}",
            member_id=member.id,
            subject_id=member.id,
            context={"week_of": week_of.isoformat()},
        )
        for member in members
        if wants(member, "weekly_digest")
    ]
    request_notifications(session, network_id=timer.subject_id, requests=requests, now=now)


def own_tasks_filter(member: Member) -> Any:
    """The member's tasks, and their organisation's when they are its contact person."""
    contact_of = select(Organisation.id).where(Organisation.contact_member_id == member.id)
    return and_(
        Task.network_id == member.network_id,
        or_(
            Task.owner_member_id == member.id,
            and_(Task.owner_member_id.is_(None), Task.owner_organisation_id.in_(contact_of)),
        ),
    )


def followed_deadlines(member: Member) -> Any:
    """Deadlines the member follows, or that nobody follows (then everyone is told)."""
    follows = exists().where(
        DeadlineFollower.deadline_id == Deadline.id, DeadlineFollower.member_id == member.id
    )
    anyone = exists().where(DeadlineFollower.deadline_id == Deadline.id)
    return and_(Deadline.network_id == member.network_id, or_(follows, ~anyone))


def digest_content(
    session: Session,
    member: Member,
    base: dict[str, Any],
    *,
    links: Links,
    settings: Settings,
    now: datetime,
) -> DigestContent:
    from services.notifications.contexts import deadline_item, survey_item
    from services.notifications.meeting_info import invite_meeting
    from services.series.access import is_invited

    today = now.astimezone(LOCAL_TZ).date()
    url = base.get("member_page_url")
    tasks = session.scalars(
        select(Task)
        .where(own_tasks_filter(member), Task.status == TaskStatus.open)
        .order_by(Task.due_date)
    )
    open_tasks: list[TaskItem] = []
    overdue: list[TaskItem] = []
    for task in tasks:
        item = TaskItem(title=task.title, due_on=task.due_date, owner_name=member.name, url=url)
        (overdue if task.due_date < today else open_tasks).append(item)
    deadlines: list[DeadlineItem] = [
        deadline_item(d)
        for d in session.scalars(
            select(Deadline)
            .where(
                followed_deadlines(member),
                Deadline.closes_at > now,
                Deadline.closes_at <= now + DEADLINE_HORIZON,
            )
            .order_by(Deadline.closes_at)
        )
    ]
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
    next_meeting: InviteMeeting | None = None
    for meeting in upcoming:
        if is_invited(member, meeting):
            next_meeting = invite_meeting(session, meeting, settings)
            break
    surveys: list[SurveyItem] = [
        survey_item(session, s, member, links)
        for s in session.scalars(
            select(Survey)
            .join(SurveyRecipient, SurveyRecipient.survey_id == Survey.id)
            .where(
                SurveyRecipient.member_id == member.id,
                SurveyRecipient.responded_at.is_(None),
                Survey.status == SurveyStatus.open,
                Survey.closes_at > now,
            )
        )
    ]
    return DigestContent(
        **base,
        week_of=today - timedelta(days=today.weekday()),
        open_tasks=open_tasks,
        overdue_tasks=overdue,
        deadlines_ahead=deadlines,
        next_meeting=next_meeting,
        unanswered_surveys=surveys,
    )

"""ICS feeds (webcal) per member and per network, behind long-lived signed links."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from infra.settings import Settings
from schemas.notifications import FeedMeeting, FeedTask, Lang
from services.deadlines.models import Deadline
from services.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpResponse
from services.notifications.digest import followed_deadlines, own_tasks_filter
from services.notifications.ics import build_feed
from services.notifications.meeting_info import invite_meeting
from services.people.links import LinkInvalid, MemberLink
from services.people.models import Member, Network
from services.series.access import is_invited
from services.tasks.models import Task, TaskStatus

SHOWN = (
    MeetingStatus.scheduled,
    MeetingStatus.held,
    MeetingStatus.minutes_approved,
    MeetingStatus.cancelled,
)
HISTORY = timedelta(days=90)


def feed_member(session: Session, link: MemberLink, *, network_feed: bool) -> Member:
    """The active member a feed link was signed for; a member feed link is not a network one."""
    if link.scope not in ("feed", "member"):
        raise LinkInvalid("länken gäller något annat / the link is for something else")
    if network_feed != (link.subject_id == link.network_id):
        raise LinkInvalid("länken gäller något annat / the link is for something else")
    member = session.get(Member, link.member_id)
    if member is None or not member.active or member.network_id != link.network_id:
        raise LinkInvalid("ogiltig länk / invalid link")
    return member


def _meetings(
    session: Session, member: Member, settings: Settings, now: datetime, *, mine: bool
) -> list[FeedMeeting]:
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == member.network_id,
            Meeting.status.in_(SHOWN),
            Meeting.starts_at >= now - HISTORY,
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
    result = []
    for meeting in meetings:
        if not (is_invited(member, meeting) or (mine and meeting.id in substitute_for)):
            continue
        info = invite_meeting(session, meeting, settings)
        result.append(
            FeedMeeting(**info.model_dump(), cancelled=meeting.status == MeetingStatus.cancelled)
        )
    return result


def member_feed(
    session: Session, member: Member, *, settings: Settings, now: datetime | None = None
) -> bytes:
    """The member's meetings and the due dates of their (and their organisation's) tasks."""
    now = now or utcnow()
    network = session.get(Network, member.network_id)
    name = f"{network.name if network else 'samverkan'} – {member.name}"
    tasks = session.scalars(
        select(Task)
        .where(
            own_tasks_filter(member),
            Task.status.in_([TaskStatus.open, TaskStatus.done]),
            Task.due_date >= (now - HISTORY).date(),
        )
        .order_by(Task.due_date)
    )
    feed_tasks = [
        FeedTask(
            uid=f"task-{task.id}@samverkan",
            title=task.title,
            due_on=task.due_date,
            description=task.description or None,
            done=task.status == TaskStatus.done,
        )
        for task in tasks
    ]
    meetings = _meetings(session, member, settings, now, mine=True)
    return build_feed(meetings, feed_tasks, name=name, lang=_lang(member), stamp=now)


def network_feed(
    session: Session, member: Member, *, settings: Settings, now: datetime | None = None
) -> bytes:
    """The network's meetings (as this member may see them) and deadlines' closing days."""
    now = now or utcnow()
    network = session.get(Network, member.network_id)
    deadlines = session.scalars(
        select(Deadline)
        .where(followed_deadlines(member), Deadline.closes_at >= now - HISTORY)
        .order_by(Deadline.closes_at)
    )
    feed_deadlines = [
        FeedTask(
            uid=f"deadline-{d.id}@samverkan",
            title=d.title,
            due_on=d.closes_at.astimezone(LOCAL_TZ).date(),
            description=d.description or None,
            url=d.url if (d.url or "").startswith("http") else None,
        )
        for d in deadlines
    ]
    meetings = _meetings(session, member, settings, now, mine=False)
    name = network.name if network else "samverkan"
    return build_feed(meetings, feed_deadlines, name=name, lang=_lang(member), stamp=now)


def _lang(member: Member) -> Lang:
    return "en" if member.language == "en" else "sv"

"""ICS feeds (webcal) per member and per network, behind long-lived signed links."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from infra.settings import Settings
from schemas.enums import MeetingStatus, TaskStatus
from schemas.notifications import FeedMeeting, FeedTask, Lang
from services.deadlines.queries import deadlines_closing
from services.meetings.mail import meeting_facts
from services.meetings.queries import feed_meetings
from services.notifications.ics import build_feed
from services.notifications.prepare import organizer
from services.people.links import LinkInvalid, MemberLink, linked_member
from services.people.models import Member, Network
from services.tasks.queries import feed_tasks

HISTORY = timedelta(days=90)


def feed_member(session: Session, link: MemberLink, *, network_feed: bool) -> Member:
    """The active member a feed link was signed for; a member feed link is not a network one."""
    if link.scope != "feed":
        raise LinkInvalid("links.other_purpose")
    if network_feed != (link.subject_id == link.network_id):
        raise LinkInvalid("links.other_purpose")
    return linked_member(session, link)


def _meetings(
    session: Session, member: Member, network: Network, settings: Settings, now: datetime, *,
    mine: bool,
) -> list[FeedMeeting]:  # fmt: skip
    sender = organizer(network, settings)
    return [
        FeedMeeting(
            **meeting_facts(m)
            .sent_as(m.ical_sequence, organizer=sender, network_name=network.name)
            .model_dump(),
            cancelled=m.status == MeetingStatus.cancelled,
        )
        for m in feed_meetings(session, member, since=now - HISTORY, mine=mine)
    ]


def _network(session: Session, member: Member) -> Network:
    network = session.get(Network, member.network_id)
    assert network is not None  # members go with their network (ON DELETE CASCADE)
    return network


def member_feed(
    session: Session, member: Member, *, settings: Settings, now: datetime | None = None
) -> bytes:
    """The member's meetings and the due dates of their (and their organisation's) tasks."""
    now = now or utcnow()
    network = _network(session, member)
    tasks = [
        FeedTask(
            uid=f"task-{task.id}@samverkan",
            title=task.title,
            due_on=task.due_date,
            description=task.description or None,
            done=task.status == TaskStatus.done,
        )
        for task in feed_tasks(session, member, since=(now - HISTORY).date())
    ]
    meetings = _meetings(session, member, network, settings, now, mine=True)
    name = f"{network.name} – {member.name}"
    return build_feed(meetings, tasks, name=name, lang=_lang(member), stamp=now)


def network_feed(
    session: Session, member: Member, *, settings: Settings, now: datetime | None = None
) -> bytes:
    """The network's meetings (as this member may see them) and deadlines' closing days."""
    now = now or utcnow()
    network = _network(session, member)
    deadlines = [
        FeedTask(
            uid=f"deadline-{d.id}@samverkan",
            title=d.title,
            due_on=d.closes_at.astimezone(LOCAL_TZ).date(),
            description=d.description or None,
            url=d.url if (d.url or "").startswith("http") else None,
        )
        for d in deadlines_closing(session, member, after=now - HISTORY)
    ]
    meetings = _meetings(session, member, network, settings, now, mine=False)
    return build_feed(meetings, deadlines, name=network.name, lang=_lang(member), stamp=now)


def _lang(member: Member) -> Lang:
    return "en" if member.language == "en" else "sv"

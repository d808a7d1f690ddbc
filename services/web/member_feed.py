"""The member's calendar feed (ICS, webcal): their meetings and their tasks' due dates."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response
from sqlalchemy import select

from infra.clock import utcnow
from schemas.notifications import FeedMeeting, FeedTask, Lang
from services.api.deps import AppSettings, Db
from services.meetings.models import Meeting, MeetingStatus
from services.notifications.ics import build_feed
from services.people.links import linked_member
from services.people.models import Network
from services.series.access import is_invited
from services.tasks.models import Task, TaskStatus
from services.tasks.queries import own_tasks
from services.web.member_pages import Signer
from services.web.pages import PageRoute

router = APIRouter(route_class=PageRoute)
SHOWN = (MeetingStatus.scheduled, MeetingStatus.held, MeetingStatus.minutes_approved)


@router.get("/m/kalender/{token}.ics")
def feed(token: str, db: Db, signer: Signer, settings: AppSettings) -> Response:
    """A 'feed' link opens only the calendar; calendar apps poll it, so it carries no session."""
    link = signer.verify(token, scope="feed")
    member = linked_member(db, link)
    network = db.get(Network, member.network_id)
    name = network.name if network else "samverkan"
    since = utcnow() - timedelta(days=90)
    meetings = db.scalars(
        select(Meeting).where(
            Meeting.network_id == member.network_id,
            Meeting.status.in_([*SHOWN, MeetingStatus.cancelled]),
            Meeting.starts_at >= since,
        )
    )
    events = [
        FeedMeeting(
            uid=m.ical_uid,
            sequence=m.ical_sequence,
            title=m.title,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            location=m.location,
            organizer_name=name,
            organizer_email=settings.mail_from,
            network_name=name,
            cancelled=m.status == MeetingStatus.cancelled,
        )
        for m in meetings
        if is_invited(member, m)
    ]
    tasks = [
        FeedTask(
            uid=f"task-{t.id}@samverkan",
            title=t.title,
            due_on=t.due_date,
            done=t.status == TaskStatus.done,
        )
        for t in db.scalars(
            select(Task).where(own_tasks(member), Task.status != TaskStatus.cancelled)
        )
    ]
    lang: Lang = "en" if member.language == "en" else "sv"
    body = build_feed(events, tasks, name=name, lang=lang)
    return Response(body, media_type="text/calendar; charset=utf-8")

"""The member's calendar feed (ICS, webcal): their meetings and their tasks' due dates."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response

from infra.clock import utcnow
from schemas.notifications import FeedMeeting, FeedTask, Lang
from services.api.deps import AppSettings, Db
from services.meetings.models import MeetingStatus
from services.meetings.queries import feed_meetings
from services.notifications.ics import build_feed
from services.people.links import linked_member
from services.people.queries import network_of
from services.tasks.models import TaskStatus
from services.tasks.queries import calendar_tasks
from services.web.member_pages import Signer
from services.web.pages import PageRoute

router = APIRouter(route_class=PageRoute)


@router.get("/m/kalender/{token}.ics")
def feed(token: str, db: Db, signer: Signer, settings: AppSettings) -> Response:
    """A 'feed' link opens only the calendar; calendar apps poll it, so it carries no session."""
    link = signer.verify(token, scope="feed")
    member = linked_member(db, link)
    network = network_of(db, member.network_id)
    name = network.name if network else "samverkan"
    meetings = feed_meetings(db, member, since=utcnow() - timedelta(days=90), mine=False)
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
    ]
    tasks = [
        FeedTask(
            uid=f"task-{t.id}@samverkan",
            title=t.title,
            due_on=t.due_date,
            done=t.status == TaskStatus.done,
        )
        for t in calendar_tasks(db, member)
    ]
    lang: Lang = "en" if member.language == "en" else "sv"
    body = build_feed(events, tasks, name=name, lang=lang)
    return Response(body, media_type="text/calendar; charset=utf-8")

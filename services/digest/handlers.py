"""The weekly digest's timers: armed once per network and ISO week, fired Monday 08:00 local."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from services.digest.mail import WeeklyDigestMail, digest_of
from services.events.models import Timer
from services.events.reactions import on_timer
from services.events.timers import TimerSpec, set_timers
from services.notifications.preferences import wants
from services.notifications.service import Mail, request_mail
from services.people.models import Member, Network

DIGEST_TIMER = "digest.weekly"
DIGEST_HOUR = time(8, 0)


def next_digest_at(now: datetime) -> tuple[datetime, date]:
    """The coming Monday 08:00 Stockholm (today's if it is Monday before eight) and its date."""
    local = now.astimezone(LOCAL_TZ)
    monday = local.date() - timedelta(days=local.weekday())
    when = datetime.combine(monday, DIGEST_HOUR, tzinfo=LOCAL_TZ)
    if when <= local:
        monday += timedelta(days=7)
        when = datetime.combine(monday, DIGEST_HOUR, tzinfo=LOCAL_TZ)
    return when, monday


def arm_digests(session: Session, *, now: datetime) -> int:
    """Beat: one timer per network and ISO week (keyed, so two beats arm it once)."""
    when, monday = next_digest_at(now)
    year, week, _ = monday.isocalendar()
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
    """One digest per active member who has not turned it off, with their week as of now."""
    week_of = timer.due_at.astimezone(LOCAL_TZ).date()
    members = list(
        session.scalars(
            select(Member).where(Member.network_id == timer.subject_id, Member.active.is_(True))
        )
    )
    mails = [
        Mail(
            digest_of(session, member, now=now),
            key=f"weekly_digest:{member.id}:{week_of.isoformat()}",
            member_id=member.id,
            subject_id=member.id,
        )
        for member in members
        if wants(member, WeeklyDigestMail.preference)
    ]
    request_mail(session, network_id=timer.subject_id, mails=mails, now=now)

"""Mails of series planning: the silent-consent proposal and the preference poll, per member."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.notifications import (
    Lang,
    PollOption,
    ProposedDate,
    SeriesPollContext,
    SeriesProposalContext,
)
from services.meetings.models import Meeting, MeetingSeries, MeetingStatus
from services.notifications.contexts import Skip
from services.notifications.links import Links
from services.notifications.models import Notification
from services.notifications.service import NotificationRequest, request_notifications
from services.people.models import Member
from services.series.access import is_invited, plan_of, series_meetings, today_of
from services.series.calendar_rules import parse_slot
from services.series.consent import consent_due_at
from services.series.models import PreferencePoll

SERIES_PROPOSAL = "series_proposal"
SERIES_POLL = "series_poll"

_WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
}
_HALVES: dict[Lang, dict[str, str]] = {
    "sv": {"am": "förmiddag", "pm": "eftermiddag"},
    "en": {"am": "morning", "pm": "afternoon"},
}


def slot_label(token: str, lang: Lang) -> str:
    """'wed-pm' → 'onsdag eftermiddag' / 'Wednesday afternoon'."""
    slot = parse_slot(token)
    day = _WEEKDAYS[lang][slot.weekday]
    return f"{day} {_HALVES[lang][slot.half.value]}" if slot.half else day


def _active_members(session: Session, network_id: uuid.UUID) -> list[Member]:
    query = select(Member).where(Member.network_id == network_id, Member.active.is_(True))
    return list(session.scalars(query.order_by(Member.id)))


def request_proposal_mails(
    session: Session, *, series: MeetingSeries, meetings: list[Meeting], reply_by: date
) -> int:
    """One mail per member invited to any proposed date; the same reply-by date never twice."""
    requests = [
        NotificationRequest(
            kind=SERIES_PROPOSAL,
            key=f"{SERIES_PROPOSAL}:{series.id}:{reply_by.isoformat()}:{member.id}",
            member_id=member.id,
            subject_id=series.id,
            context={"reply_by": reply_by.isoformat()},
        )
        for member in _active_members(session, series.network_id)
        if any(is_invited(member, m) for m in meetings)
    ]
    return request_notifications(session, network_id=series.network_id, requests=requests)


def request_poll_mails(session: Session, *, poll: PreferencePoll) -> int:
    """One mail per active member of the network, with one link per option."""
    requests = [
        NotificationRequest(
            kind=SERIES_POLL,
            key=f"{SERIES_POLL}:{poll.id}:{member.id}",
            member_id=member.id,
            subject_id=poll.id,
        )
        for member in _active_members(session, poll.network_id)
    ]
    return request_notifications(session, network_id=poll.network_id, requests=requests)


def proposal_context(
    session: Session,
    row: Notification,
    member: Member,
    base: dict[str, Any],
    *,
    links: Links,
    lang: Lang,
    now: datetime,
) -> SeriesProposalContext:
    """The dates still proposed that this member is invited to; Skip once the round is over."""
    series = session.get(MeetingSeries, row.subject_id)
    plan = plan_of(session, series.id) if series else None
    if series is None or plan is None or plan.sent_at is None or plan.reply_by is None:
        raise Skip("proposal withdrawn")
    if plan.consent_closed_at is not None or now >= consent_due_at(plan.reply_by):
        raise Skip("consent round closed")
    if (row.context or {}).get("reply_by") != plan.reply_by.isoformat():
        raise Skip("superseded by a proposal with another reply-by date")
    dates = []
    for meeting in series_meetings(session, series.id):
        if meeting.status != MeetingStatus.proposed or not is_invited(member, meeting):
            continue
        works, objects = links.consent(member, meeting.id)
        dates.append(
            ProposedDate(
                title=meeting.title,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                location=meeting.location,
                works_url=works,
                objects_url=objects,
            )
        )
    if not dates:
        raise Skip("no proposed dates left")
    return SeriesProposalContext(
        **base, series_name=series.name, term=series.term, reply_by=plan.reply_by, dates=dates
    )


def poll_context(
    session: Session,
    row: Notification,
    member: Member,
    base: dict[str, Any],
    *,
    links: Links,
    lang: Lang,
    now: datetime,
) -> SeriesPollContext:
    """Every option of an open poll as a signed link; Skip once the poll is closed."""
    poll = session.get(PreferencePoll, row.subject_id)
    if poll is None or poll.closed_at is not None:
        raise Skip("poll closed or gone")
    if poll.closes_on is not None and today_of(now) > poll.closes_on:
        raise Skip("poll closed")
    series = session.get(MeetingSeries, poll.series_id)
    options = [
        PollOption(slot=t, label=slot_label(t, lang), url=links.poll_vote(member, poll.id, t))
        for t in poll.options
    ]
    return SeriesPollContext(
        **base,
        series_name=series.name if series else "",
        closes_on=poll.closes_on,
        options=options,
    )

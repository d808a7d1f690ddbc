"""Silent consent: members object to proposed dates; on the reply-by date the rest is confirmed."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from schemas.enums import MeetingKind, MeetingStatus, RsvpResponse
from schemas.meetings import MeetingOut
from schemas.series import ConsentDate, ConsentIn, ConsentReportOut, Objection
from services.actors import Actor
from services.errors import Conflict, Forbidden, NotFound
from services.meetings.models import Meeting, Rsvp
from services.meetings.rsvp import accept_from_consent
from services.meetings.service import schedule_meeting
from services.people.models import Member
from services.series.access import (
    audit,
    is_invited,
    load_series,
    network_busy,
    plan_of,
    series_meetings,
    today_of,
)
from services.series.alternatives import next_best
from services.series.models import ConsentResponse

CONSENT_DUE = "series.consent_due"
CLOSED = "consent.closed"  # message code (services.messages)


def consent_due_at(reply_by: date) -> datetime:
    """Midnight after the reply-by day in Stockholm: answers all through that day count."""
    return datetime.combine(reply_by + timedelta(days=1), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def record_consent(
    session: Session,
    *,
    member: Member,
    meeting_id: uuid.UUID,
    data: ConsentIn,
    actor: Actor,
    now: datetime | None = None,
) -> ConsentResponse:
    """A member's latest answer to one proposed date replaces their earlier one."""
    now = now or utcnow()
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.network_id != member.network_id or meeting.series_id is None:
        raise NotFound("consent.meeting_not_found")
    if not is_invited(member, meeting):
        raise Forbidden("consent.not_invited")
    plan = plan_of(session, meeting.series_id)
    if plan is None or plan.sent_at is None or plan.reply_by is None:
        raise Conflict("consent.not_out")
    if (
        plan.consent_closed_at is not None
        or now >= consent_due_at(plan.reply_by)
        or meeting.status != MeetingStatus.proposed
    ):
        raise Conflict(CLOSED)
    row = session.scalars(
        select(ConsentResponse).where(
            ConsentResponse.meeting_id == meeting.id, ConsentResponse.member_id == member.id
        )
    ).first()
    if row is None:
        row = ConsentResponse(meeting_id=meeting.id, member_id=member.id, created_at=now)
        session.add(row)
    row.works, row.comment, row.updated_at = data.works, data.comment, now
    session.flush()
    audit(session, actor, "consent", "meeting", meeting.id, works=data.works)
    return row


@dataclass(frozen=True)
class Answer:
    member_id: uuid.UUID
    works: bool
    comment: str | None
    source: Literal["link", "calendar"]


def answers(
    session: Session, meeting_ids: Sequence[uuid.UUID], since: datetime
) -> dict[uuid.UUID, list[Answer]]:
    """This round's answers per meeting: link answers win; a calendar decline also objects."""
    found: dict[tuple[uuid.UUID, uuid.UUID], Answer] = {}
    for row in session.scalars(
        select(ConsentResponse).where(
            ConsentResponse.meeting_id.in_(meeting_ids), ConsentResponse.updated_at >= since
        )
    ):
        found[row.meeting_id, row.member_id] = Answer(row.member_id, row.works, row.comment, "link")
    for rsvp in session.scalars(
        select(Rsvp).where(
            Rsvp.meeting_id.in_(meeting_ids),
            Rsvp.response == RsvpResponse.declined,
            or_(Rsvp.responded_at.is_(None), Rsvp.responded_at >= since),
        )
    ):
        key = rsvp.meeting_id, rsvp.member_id
        found.setdefault(key, Answer(rsvp.member_id, False, None, "calendar"))
    out: dict[uuid.UUID, list[Answer]] = defaultdict(list)
    for (meeting_id, _), answer in found.items():
        out[meeting_id].append(answer)
    return out


def close_consent(session: Session, *, series_id: uuid.UUID, now: datetime) -> list[uuid.UUID]:
    """Confirm every proposed date nobody objected to; once per round, whoever calls it again."""
    plan = plan_of(session, series_id, for_update=True)
    if plan is None or plan.sent_at is None or plan.consent_closed_at is not None:
        return []
    actor = Actor(kind="system", network_id=plan.network_id)
    meetings = series_meetings(session, series_id)
    proposed = [m for m in meetings if m.status == MeetingStatus.proposed]
    replies = answers(session, [m.id for m in proposed], plan.sent_at)
    objected = {mid for mid, found in replies.items() if any(not a.works for a in found)}
    status = {m.id: m.status for m in meetings}
    confirmed: list[uuid.UUID] = []
    # Network meetings first: a group meeting beside an unconfirmed date waits with it.
    for meeting in sorted(proposed, key=lambda m: m.adjacent_to_id is not None):
        beside = meeting.adjacent_to_id
        if meeting.id in objected or (beside and status.get(beside) != MeetingStatus.scheduled):
            continue
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        works = [a.member_id for a in replies.get(meeting.id, []) if a.works]
        accept_from_consent(session, meeting_id=meeting.id, member_ids=works, now=now)
        status[meeting.id] = MeetingStatus.scheduled
        confirmed.append(meeting.id)
    plan.consent_closed_at = now
    session.flush()
    audit(session, actor, "close_consent", "series", series_id, confirmed=len(confirmed))
    return confirmed


def consent_report(
    session: Session, *, series_id: uuid.UUID, actor: Actor, now: datetime | None = None
) -> ConsentReportOut:
    """Per date: who said it works, who objected (and why), and the next-best dates if objected."""
    now = now or utcnow()
    series = load_series(session, series_id, actor)
    plan = plan_of(session, series.id)
    meetings = series_meetings(session, series.id)
    since = plan.sent_at if plan is not None else None
    replies = answers(session, [m.id for m in meetings], since) if since else {}
    names = _members(session, {a.member_id for found in replies.values() for a in found})
    busy = network_busy(session, series.network_id, now)
    dates = []
    for meeting in meetings:
        found = replies.get(meeting.id, [])
        objections = [
            Objection(
                member_id=a.member_id,
                name=names[a.member_id].name,
                organisation=names[a.member_id].organisation.name,
                comment=a.comment,
                source=a.source,
            )
            for a in found
            if not a.works
        ]
        wants_alternatives = objections and meeting.kind == MeetingKind.network
        alternatives = []
        if plan is not None and wants_alternatives and meeting.status == MeetingStatus.proposed:
            moving = _same_day(meeting, meetings)
            free = [b for m, b in busy if m not in moving]
            alternatives = next_best(plan, meeting, meetings, free, today_of(now))
        dates.append(
            ConsentDate(
                meeting=MeetingOut.model_validate(meeting),
                works=sum(a.works for a in found),
                objections=objections,
                alternatives=alternatives,
            )
        )
    return ConsentReportOut(
        series_id=series.id,
        reply_by=plan.reply_by if plan else None,
        closed=plan is not None and plan.consent_closed_at is not None,
        dates=dates,
    )


def _members(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, Member]:
    return {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))}


def _same_day(meeting: Meeting, meetings: Sequence[Meeting]) -> set[uuid.UUID]:
    """The meeting and the group meetings beside it: they move together, so they are not busy."""
    return {meeting.id} | {m.id for m in meetings if m.adjacent_to_id == meeting.id}

"""Reads of series planning that other rooms use (the pages): a series with its plan, poll and
meetings, consent answers, and who a mail or an invite would reach, counted the way the series
services count them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.enums import MeetingStatus
from services.actors import Actor
from services.meetings.models import Meeting
from services.people.models import Member, Organisation
from services.people.queries import organisations as network_organisations
from services.series.access import is_invited, load_series, plan_of, series_meetings
from services.series.models import ConsentResponse, MeetingSeries, PreferencePoll, SeriesPlan


@dataclass(frozen=True)
class SeriesState:
    """Everything the series page shows, read in one place."""

    series: MeetingSeries
    plan: SeriesPlan | None
    meetings: list[Meeting]
    poll: PreferencePoll | None
    organisations: list[Organisation]

    @property
    def proposed(self) -> list[Meeting]:
        return [m for m in self.meetings if m.status == MeetingStatus.proposed]

    @property
    def sent(self) -> bool:
        """Out for silent consent and not yet closed."""
        plan = self.plan
        return plan is not None and plan.sent_at is not None and plan.consent_closed_at is None


def network_series(session: Session, *, actor: Actor) -> list[MeetingSeries]:
    """The network's series, newest first."""
    query = select(MeetingSeries).where(MeetingSeries.network_id == actor.network_id)
    return list(session.scalars(query.order_by(MeetingSeries.created_at.desc())))


def series_state(session: Session, *, series_id: uuid.UUID, actor: Actor) -> SeriesState:
    """The series (404 outside the actor's network), its plan, latest poll and live meetings."""
    series = load_series(session, series_id, actor)
    poll = session.scalars(
        select(PreferencePoll)
        .where(PreferencePoll.series_id == series.id)
        .order_by(PreferencePoll.created_at.desc())
        .limit(1)
    ).first()
    return SeriesState(
        series=series,
        plan=plan_of(session, series.id),
        meetings=series_meetings(session, series.id),
        poll=poll,
        organisations=organisations(session, network_id=series.network_id),
    )


def organisations(session: Session, *, network_id: uuid.UUID) -> list[Organisation]:
    """The network's organisations by name (the presenter order picks among them)."""
    return network_organisations(session, network_id)


def _active_members(session: Session, network_id: uuid.UUID) -> list[Member]:
    query = select(Member).where(Member.network_id == network_id, Member.active.is_(True))
    return list(session.scalars(query))


def poll_audience(session: Session, *, network_id: uuid.UUID) -> int:
    """A poll asks every active member (as `request_poll_mails` does)."""
    return len(_active_members(session, network_id))


def audience(session: Session, *, network_id: uuid.UUID, meetings: Sequence[Meeting]) -> int:
    """Active members invited to at least one of the meetings: one proposal mail each, and
    the people an invite reaches once the dates are confirmed."""
    members = _active_members(session, network_id)
    return sum(1 for member in members if any(is_invited(member, m) for m in meetings))


def meetings_by_id(session: Session, ids: Sequence[uuid.UUID]) -> list[Meeting]:
    if not ids:
        return []
    query = select(Meeting).where(Meeting.id.in_(ids))
    return list(session.scalars(query.order_by(Meeting.starts_at)))


def consent_given(session: Session, *, meeting_id: uuid.UUID, member_id: uuid.UUID) -> bool | None:
    """Whether the member said the date works (None: no answer yet)."""
    return session.scalar(
        select(ConsentResponse.works).where(
            ConsentResponse.meeting_id == meeting_id, ConsentResponse.member_id == member_id
        )
    )


def poll_in(
    session: Session, poll_id: uuid.UUID, *, network_id: uuid.UUID
) -> PreferencePoll | None:
    """The poll if it belongs to the network."""
    poll = session.get(PreferencePoll, poll_id)
    return poll if poll is not None and poll.network_id == network_id else None


def sent_for_consent(session: Session, series_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """Those of the series whose proposal has been sent out for consent."""
    query = select(SeriesPlan.series_id).where(
        SeriesPlan.series_id.in_(list(series_ids)), SeriesPlan.sent_at.is_not(None)
    )
    return list(session.scalars(query))

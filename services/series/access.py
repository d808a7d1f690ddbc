"""Shared by the series services: who may act (coordinator or signed member link) and on what."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from schemas.enums import MeetingStatus
from schemas.series import BusyPeriod
from services.actors import Actor
from services.audit.service import record_audit
from services.auth.service import LinkInvalid, LinkScope, LinkSigner
from services.lookup import get_in_network
from services.meetings.audience import is_invited as is_invited  # re-exported for series
from services.meetings.models import Meeting
from services.people.links import linked_member
from services.people.models import Member
from services.series.models import MeetingSeries, SeriesPlan

WRONG_LINK = "links.other_purpose"  # message code (services.messages)


def today_of(now: datetime) -> date:
    """The network's calendar day, not the server's."""
    return now.astimezone(LOCAL_TZ).date()


def load_series(
    session: Session, series_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> MeetingSeries:
    return get_in_network(
        session,
        MeetingSeries,
        series_id,
        network_id=actor.network_id,
        label="series",
        for_update=for_update,
    )


def plan_of(
    session: Session, series_id: uuid.UUID, *, for_update: bool = False
) -> SeriesPlan | None:
    query = select(SeriesPlan).where(SeriesPlan.series_id == series_id)
    return session.scalars(query.with_for_update() if for_update else query).first()


def series_meetings(session: Session, series_id: uuid.UUID) -> list[Meeting]:
    """The series' meetings that still count (not cancelled), by start."""
    query = select(Meeting).where(
        Meeting.series_id == series_id, Meeting.status != MeetingStatus.cancelled
    )
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def network_busy(
    session: Session, network_id: uuid.UUID, now: datetime
) -> list[tuple[uuid.UUID, BusyPeriod]]:
    """The network's meetings still to come, by id: a proposal must not land on their days."""
    rows = session.execute(
        select(Meeting.id, Meeting.starts_at, Meeting.ends_at).where(
            Meeting.network_id == network_id,
            Meeting.status != MeetingStatus.cancelled,
            Meeting.ends_at >= now,
        )
    )
    return [(i, BusyPeriod(starts_at=s, ends_at=e)) for i, s, e in rows]


def member_link(
    session: Session, signer: LinkSigner, token: str, scope: LinkScope
) -> tuple[Member, uuid.UUID, Actor]:
    """Verify a one-purpose link: (member, subject id, actor); a general link is not enough."""
    link = signer.verify(token, scope=scope)
    if link.scope != scope or link.subject_id is None:
        raise LinkInvalid(WRONG_LINK)
    member = linked_member(session, link)
    actor = Actor(kind="member", id=member.id, network_id=member.network_id)
    return member, link.subject_id, actor


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    **details: object,
) -> None:
    record_audit(
        session,
        actor=actor,
        action=action,
        entity_type=entity,
        entity_id=entity_id,
        network_id=actor.network_id,
        details=dict(details) or None,
    )

"""Reads of the organiser mailbox that the overview shows: what waits for a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.inbound.models import InboundMessage, InboundOutcome


@dataclass
class WaitingMail:
    """A message in the organiser mailbox that a person must read (left there, flagged)."""

    kind: str
    reason: str
    subject: str | None
    sender: str | None
    received_at: datetime
    proposed: tuple[datetime, datetime] | None = None
    note: str | None = None


def waiting_mail(session: Session, network_id: uuid.UUID) -> list[WaitingMail]:
    """COUNTERs, strangers' replies and mail not understood (the mailbox is the network's, so
    a message that names no network is shown too)."""
    rows = session.scalars(
        select(InboundMessage)
        .where(
            InboundMessage.outcome == InboundOutcome.for_person,
            or_(InboundMessage.network_id == network_id, InboundMessage.network_id.is_(None)),
        )
        .order_by(InboundMessage.received_at.desc())
        .limit(30)
    )
    return [
        WaitingMail(
            r.kind.value,
            r.reason,
            r.subject,
            r.sender,
            r.received_at,
            (r.proposed_starts_at, r.proposed_ends_at)
            if r.proposed_starts_at and r.proposed_ends_at
            else None,
            r.note,
        )
        for r in rows
    ]

"""What arrived in the organiser mailbox and what became of it (the dashboard lists the rest)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from infra.db import Base, IdMixin, enum_type


class InboundKind(StrEnum):
    reply = "reply"
    counter = "counter"
    bounce = "bounce"
    auto_reply = "auto_reply"
    unknown = "unknown"


class InboundOutcome(StrEnum):
    applied = "applied"  # an RSVP recorded, an address scored
    ignored = "ignored"  # understood, nothing to change (an older REPLY, an auto-reply)
    for_person = "for_person"  # left in the mailbox, flagged, listed on the dashboard


class InboundMessage(IdMixin, Base):
    """One message read from the mailbox; its digest makes reading it again change nothing."""

    __tablename__ = "inbound_message"
    __table_args__ = (Index("ix_inbound_message_network_outcome", "network_id", "outcome"),)

    digest: Mapped[str] = mapped_column(String(64), unique=True)
    network_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE")
    )
    kind: Mapped[InboundKind] = mapped_column(enum_type(InboundKind))
    outcome: Mapped[InboundOutcome] = mapped_column(enum_type(InboundOutcome))
    reason: Mapped[str] = mapped_column(String(300), default="")
    subject: Mapped[str | None] = mapped_column(String(300))
    sender: Mapped[str | None] = mapped_column(String(320))
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL")
    )
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    # A COUNTER's proposal, shown to the coordinator (never applied).
    proposed_starts_at: Mapped[datetime | None]
    proposed_ends_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(String(300))
    raw: Mapped[str | None] = mapped_column(Text)  # bounces, kept for audit until purge_after
    purge_after: Mapped[datetime | None]
    received_at: Mapped[datetime]

"""Notifications to deliver (one row per event, recipient and kind) and stored Graph tokens."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from infra.db import Base, IdMixin, JsonType, TimestampMixin, enum_type
from services.people.models import DeliveryChannel


class NotificationStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    suppressed = "suppressed"


class Notification(IdMixin, TimestampMixin, Base):
    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_status_send_after", "status", "send_after"),
        Index(
            "ix_notification_pending_subject",
            "subject_id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index(
            "ix_notification_failed",
            "network_id",
            "updated_at",
            postgresql_where=text("status = 'failed'"),
            sqlite_where=text("status = 'failed'"),
        ),
    )

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    recipient_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    recipient_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    channel: Mapped[DeliveryChannel] = mapped_column(enum_type(DeliveryChannel))
    kind: Mapped[str] = mapped_column(String(60))
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    event_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    subject_id: Mapped[uuid.UUID | None]
    context: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    status: Mapped[NotificationStatus] = mapped_column(
        enum_type(NotificationStatus), default=NotificationStatus.pending
    )
    send_after: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # past it the mail is not sent (set by its domain)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider_id: Mapped[str | None] = mapped_column(String(300))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    # Fixed at the first rendering: a retry after a crash sends the identical mail.
    message_id: Mapped[str | None] = mapped_column(String(300))
    dtstamp: Mapped[datetime | None]  # DTSTAMP of the .ics and the Date header
    ical_uid: Mapped[str | None] = mapped_column(String(300))
    ical_sequence: Mapped[int | None] = mapped_column(Integer)
    doubtful_since: Mapped[datetime | None]  # found `sending` past the lease: settle, never drop
    claimed_by: Mapped[str | None] = mapped_column(String(64))  # the scan that may send it
    claimed_until: Mapped[datetime | None]


class GraphToken(Base):
    __tablename__ = "graph_token"

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), primary_key=True
    )
    serialized: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class GraphEventLink(Base):
    """A meeting's event in the organiser mailbox (Microsoft 365): one Graph call per change."""

    __tablename__ = "graph_event"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    graph_event_id: Mapped[str] = mapped_column(String(300))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[bool] = mapped_column(default=False)
    join_url: Mapped[str | None] = mapped_column(String(1000))  # Teams: onlineMeeting.joinUrl
    updated_at: Mapped[datetime]

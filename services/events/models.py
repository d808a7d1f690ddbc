"""The transactional outbox, the consumers' inbox, database timers and dead letters."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from infra.clock import utcnow
from infra.db import Base, IdMixin, JsonType, new_id


class DomainEvent(Base):
    """An event is a row first (same transaction as the change), a message second."""

    __tablename__ = "domain_event"
    __table_args__ = (
        Index(
            "ix_domain_event_unpublished",
            "occurred_at",
            postgresql_where=text("published_at IS NULL"),
            sqlite_where=text("published_at IS NULL"),
        ),
        Index(
            "ix_domain_event_unconsumed",
            "published_at",
            postgresql_where=text("consumed_at IS NULL"),
            sqlite_where=text("consumed_at IS NULL"),
        ),
    )

    position: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    network_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    aggregate_type: Mapped[str] = mapped_column(String(40))
    aggregate_id: Mapped[uuid.UUID] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    published_at: Mapped[datetime | None]
    publish_count: Mapped[int] = mapped_column(Integer, default=0)
    consumed_at: Mapped[datetime | None]


class ProcessedEvent(Base):
    """A consumer's inbox: (consumer, event) written in the same transaction as its effects."""

    __tablename__ = "processed_event"

    consumer: Mapped[str] = mapped_column(String(60), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("domain_event.id", ondelete="CASCADE"), primary_key=True
    )
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Timer(IdMixin, Base):
    """A database timer: the beat claims due rows (FOR UPDATE SKIP LOCKED) and fires each once.

    Firing sets `fired_at`, which the partial indexes' predicate names, so each fired row gets a
    new version in every index whose predicate still holds: only the primary key and `key`
    (which the upsert needs). Every query by subject asks for pending rows (neither fired nor
    cancelled), so that index is partial too; its predicate names `cancelled_at` as well, so
    the planner cannot scan it whole for the due scan instead of ix_timer_due. `network_id`
    has no index: only a network's cascade delete reads it.
    """

    __tablename__ = "timer"
    __table_args__ = (
        Index(
            "ix_timer_due",
            "due_at",
            postgresql_where=text("fired_at IS NULL"),
            sqlite_where=text("fired_at IS NULL"),
        ),
        Index(
            "ix_timer_pending_subject",
            "subject_id",
            postgresql_where=text("fired_at IS NULL AND cancelled_at IS NULL"),
            sqlite_where=text("fired_at IS NULL AND cancelled_at IS NULL"),
        ),
    )

    network_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[uuid.UUID]
    due_at: Mapped[datetime]
    key: Mapped[str] = mapped_column(String(200), unique=True)
    fired_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class DeadLetter(IdMixin, Base):
    """A message that kept failing: shown on the dashboard with a retry button."""

    __tablename__ = "dead_letter"

    task_name: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    subject_id: Mapped[uuid.UUID | None]
    network_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    args: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    retried_at: Mapped[datetime | None]

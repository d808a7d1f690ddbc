"""Deadlines and application windows ("utlysningen öppnar 15 februari, ansökan senast 31 mars")."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infra.db import Base, IdMixin, TimestampMixin


class Deadline(IdMixin, TimestampMixin, Base):
    __tablename__ = "deadline"
    __table_args__ = (
        CheckConstraint("opens_at IS NULL OR closes_at > opens_at", name="closes_after_opens"),
    )

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime] = mapped_column(index=True)
    issuer_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    url: Mapped[str | None] = mapped_column(String(1000))
    source_meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)


class DeadlineFollower(IdMixin, Base):
    __tablename__ = "deadline_follower"
    __table_args__ = (UniqueConstraint("deadline_id", "member_id"),)

    deadline_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("deadline.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))

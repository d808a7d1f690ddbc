"""Follow-up tasks: what a meeting decided someone should do, by when."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from infra.db import Base, IdMixin, TimestampMixin, enum_type
from schemas.enums import TaskStatus as TaskStatus
from services.minutes.models import ActionKind


class Task(IdMixin, TimestampMixin, Base):
    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint(
            "owner_member_id IS NOT NULL OR owner_organisation_id IS NOT NULL", name="has_owner"
        ),
        Index("ix_task_network_status_due", "network_id", "status", "due_date"),
    )

    network_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ActionKind] = mapped_column(enum_type(ActionKind), default=ActionKind.follow_up)
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    owner_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date]
    status: Mapped[TaskStatus] = mapped_column(enum_type(TaskStatus), default=TaskStatus.open)
    source_meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    source_agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    source_action_item_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("action_item.id", ondelete="SET NULL"), unique=True
    )
    overdue_since: Mapped[date | None]
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str | None] = mapped_column(String(100))
    completion_comment: Mapped[str | None] = mapped_column(Text)

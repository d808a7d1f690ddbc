"""Minutes of a meeting, the decisions in them and the action items the coordinator reviewed."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from infra.db import Base, IdMixin, JsonType, TimestampMixin, enum_type
from schemas.enums import ActionKind as ActionKind


class MinutesStatus(StrEnum):
    draft = "draft"
    approved = "approved"


class Minutes(IdMixin, TimestampMixin, Base):
    __tablename__ = "minutes"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MinutesStatus] = mapped_column(
        enum_type(MinutesStatus), default=MinutesStatus.draft
    )
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None]
    extraction: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class Decision(IdMixin, Base):
    __tablename__ = "decision"

    minutes_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    item_number: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)


class ActionItem(IdMixin, Base):
    __tablename__ = "action_item"

    minutes_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[ActionKind] = mapped_column(enum_type(ActionKind), default=ActionKind.other)
    item_number: Mapped[int | None]
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL")
    )
    owner_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    due_date: Mapped[date | None]
    title: Mapped[str] = mapped_column(String(300), default="")

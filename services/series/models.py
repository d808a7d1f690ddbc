"""Series and their planning state: the plan behind a proposal, preference polls, silent-consent
answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infra.clock import utcnow
from infra.db import Base, IdMixin, JsonType, TimestampMixin


class MeetingSeries(IdMixin, TimestampMixin, Base):
    """Meetings of one network that belong together: a term's series or a regular one."""

    __tablename__ = "meeting_series"

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    term: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    default_location: Mapped[str | None] = mapped_column(String(300))
    # The video link of its meetings that have none of their own (an SMTP network's Teams link).
    default_online_url: Mapped[str | None] = mapped_column(String(1000))
    reply_by: Mapped[date | None]
    presenter_rotation: Mapped[list[str]] = mapped_column(JsonType, default=list)
    survey_template: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class SeriesPlan(IdMixin, TimestampMixin, Base):
    """What the last proposal was asked with, so alternatives use the same rules; consent state."""

    __tablename__ = "series_plan"

    series_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="CASCADE"), unique=True
    )
    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    term: Mapped[str] = mapped_column(String(20))
    preferences: Mapped[list[str]] = mapped_column(JsonType, default=list)
    preference_source: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(String(40))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    adjacent: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    sent_at: Mapped[datetime | None]
    reply_by: Mapped[date | None]
    consent_closed_at: Mapped[datetime | None]


class PreferencePoll(IdMixin, TimestampMixin, Base):
    """Which weekdays and half-days suit the members; the latest poll of a series counts."""

    __tablename__ = "preference_poll"

    series_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True
    )
    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    options: Mapped[list[str]] = mapped_column(JsonType, default=list)
    closes_on: Mapped[date | None]
    closed_at: Mapped[datetime | None]


class PollVote(IdMixin, Base):
    """One click: a member says one half-day suits them (organisation kept for the weighting)."""

    __tablename__ = "poll_vote"
    __table_args__ = (UniqueConstraint("poll_id", "member_id", "slot"),)

    poll_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("preference_poll.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    slot: Mapped[str] = mapped_column(String(10))
    voted_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsentResponse(IdMixin, TimestampMixin, Base):
    """A member's answer to a proposed date: works or not; silence means it works."""

    __tablename__ = "consent_response"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    works: Mapped[bool]
    comment: Mapped[str | None] = mapped_column(Text)

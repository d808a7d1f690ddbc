"""Meetings, their agenda, attendance and RSVPs (a meeting may belong to a series)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infra.db import Base, IdMixin, JsonType, TimestampMixin, enum_type
from schemas.enums import AttendanceStatus as AttendanceStatus
from schemas.enums import MeetingKind as MeetingKind
from schemas.enums import MeetingMode as MeetingMode
from schemas.enums import MeetingStatus as MeetingStatus
from schemas.enums import RsvpResponse as RsvpResponse
from services.notifications.models import GraphEventLink
from services.series.models import MeetingSeries


class Meeting(IdMixin, TimestampMixin, Base):
    __tablename__ = "meeting"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    series_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True
    )
    adjacent_to_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind), default=MeetingKind.network)
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    mode: Mapped[MeetingMode] = mapped_column(enum_type(MeetingMode), default=MeetingMode.on_site)
    location: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_type(MeetingStatus), default=MeetingStatus.planned, index=True
    )
    ical_uid: Mapped[str] = mapped_column(String(200), unique=True)
    ical_sequence: Mapped[int] = mapped_column(Integer, default=0)
    presenter_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )

    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    # Its event in a Microsoft 365 mailbox, read for the Teams join link Graph made.
    graph_event: Mapped[GraphEventLink | None] = relationship(viewonly=True, lazy="select")
    series: Mapped[MeetingSeries | None] = relationship(viewonly=True, lazy="select")

    @property
    def series_url(self) -> str | None:
        """The series' video link, which a meeting without one of its own uses."""
        return self.series.default_online_url if self.series else None

    @property
    def join_url(self) -> str | None:
        """The link people join by: the meeting's own, the series', else the Teams link Graph
        made for it."""
        graph = self.graph_event.join_url if self.graph_event else None
        return self.online_url or self.series_url or graph


class AgendaItem(IdMixin, Base):
    __tablename__ = "agenda_item"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")
    presenter_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class Attendance(IdMixin, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AttendanceStatus] = mapped_column(enum_type(AttendanceStatus))
    items: Mapped[list[str]] = mapped_column(JsonType, default=list)


class Rsvp(IdMixin, Base):
    __tablename__ = "rsvp"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    response: Mapped[RsvpResponse] = mapped_column(
        enum_type(RsvpResponse), default=RsvpResponse.needs_action
    )
    substitute_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL")
    )
    responded_at: Mapped[datetime | None]
    # The iTIP REPLY this answer came from (RFC 5546 §2.1.5: an older one changes nothing).
    reply_sequence: Mapped[int | None]
    reply_stamp: Mapped[datetime | None]

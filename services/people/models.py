"""Networks, their organisations and members."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, ForeignKey, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infra.db import Base, IdMixin, JsonType, TimestampMixin, enum_type
from schemas.enums import EmailStatus as EmailStatus
from schemas.enums import MemberRole as MemberRole
from services.people.registry import OrganisationKind


class DeliveryChannel(StrEnum):
    smtp = "smtp"
    microsoft365 = "microsoft365"


class Network(IdMixin, TimestampMixin, Base):
    __tablename__ = "network"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    delivery_channel: Mapped[DeliveryChannel] = mapped_column(
        enum_type(DeliveryChannel), default=DeliveryChannel.smtp
    )
    organiser_mailbox: Mapped[str | None] = mapped_column(String(320))
    coordinator_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL", use_alter=True)
    )
    # Reminder days chosen on the settings page; None keeps the default (3; the operator's list).
    task_reminder_days: Mapped[int | None]
    deadline_reminder_days: Mapped[list[int] | None] = mapped_column(JsonType)
    # When non-urgent mail may go out (Stockholm time); None keeps working days 08.00–17.00.
    send_from: Mapped[time | None] = mapped_column(Time)
    send_until: Mapped[time | None] = mapped_column(Time)
    send_on_weekends: Mapped[bool | None]
    send_on_holidays: Mapped[bool | None]


class Organisation(IdMixin, TimestampMixin, Base):
    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    aliases: Mapped[list[str]] = mapped_column(JsonType, default=list)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind))
    contact_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL", use_alter=True)
    )

    members: Mapped[list[Member]] = relationship(
        back_populates="organisation", foreign_keys="Member.organisation_id"
    )


# An erased member stays as this placeholder row (the statistics keep their counts).
ERASED_NAME = "Borttagen deltagare"
ERASED_DOMAIN = "@deltagare.invalid"


class Member(IdMixin, TimestampMixin, Base):
    __tablename__ = "member"
    __table_args__ = (UniqueConstraint("network_id", "email"),)

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole), default=MemberRole.member)
    in_steering_group: Mapped[bool] = mapped_column(default=False)
    in_preparatory_group: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(2), default="sv")
    notification_preferences: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    email_status: Mapped[EmailStatus] = mapped_column(
        enum_type(EmailStatus), default=EmailStatus.ok
    )
    bounce_score: Mapped[float] = mapped_column(Float, default=0.0)
    bounced_on: Mapped[date | None]  # the last day a bounce counted (one a day)
    bounce_reason: Mapped[str | None] = mapped_column(String(300))
    failing_since: Mapped[datetime | None]
    # Signed into member links; bumped when the e-mail changes or the coordinator revokes links.
    link_version: Mapped[int] = mapped_column(default=0, server_default="0")

    organisation: Mapped[Organisation] = relationship(
        back_populates="members", foreign_keys=[organisation_id]
    )

    @property
    def erased(self) -> bool:
        """Erased (GDPR): a placeholder for the counts, nobody to list, edit or mail again."""
        return self.name == ERASED_NAME and self.email.endswith(ERASED_DOMAIN)

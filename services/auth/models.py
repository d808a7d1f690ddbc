"""Accounts with a role per network, API tokens (one network each) and login attempts (for rate
limiting)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infra.clock import utcnow
from infra.db import Base, IdMixin, TimestampMixin, enum_type
from services.errors import Forbidden
from services.people.models import Network


class UserRole(StrEnum):
    coordinator = "coordinator"
    viewer = "viewer"


class NetworkMembership(IdMixin, TimestampMixin, Base):
    """An account's role in one network; an account may have one in several networks."""

    __tablename__ = "network_membership"
    __table_args__ = (UniqueConstraint("account_id", "network_id"),)

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[UserRole] = mapped_column(enum_type(UserRole))
    network: Mapped[Network] = relationship(lazy="joined")


class UserAccount(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Installation-wide: creates networks and gives accounts their roles in them.
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Set by `user create` and `user reset-password`: pages and the API wait for a new password.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_login_at: Mapped[datetime | None]
    # In the session cookie; bumped on logout, password change, reset and deactivation.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    memberships: Mapped[list[NetworkMembership]] = relationship(
        lazy="selectin", order_by=NetworkMembership.created_at, cascade="all, delete-orphan"
    )

    def choose_network(self, network_id: uuid.UUID | None) -> NetworkMembership | None:
        """The request works in this network (the session's or the token's choice); None when
        the account has no role there. Everything scoped reads `network_id` and `role` below."""
        chosen = next((m for m in self.memberships if m.network_id == network_id), None)
        self.__dict__["_chosen_membership"] = chosen
        return chosen

    @property
    def membership(self) -> NetworkMembership:
        """The chosen network's role, else the account's first; Forbidden without any."""
        chosen = self.__dict__.get("_chosen_membership")
        if isinstance(chosen, NetworkMembership):
            return chosen
        if not self.memberships:
            raise Forbidden("access.no_network")
        return self.memberships[0]

    @property
    def home_network_id(self) -> uuid.UUID | None:
        """Where account-wide events (reset, deactivation) are audited: the chosen or first
        network, None for an administrator without a role in any."""
        return self.membership.network_id if self.memberships else None

    @property
    def network_id(self) -> uuid.UUID:
        return self.membership.network_id

    @property
    def role(self) -> UserRole:
        return self.membership.role

    def role_in(self, network_id: uuid.UUID) -> UserRole | None:
        """The account's role in a network, None without one (the switcher's check)."""
        return next((m.role for m in self.memberships if m.network_id == network_id), None)


class ApiToken(IdMixin, Base):
    __tablename__ = "api_token"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # A token works in the one network it was made in (the account's choice at the time).
    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


class LoginAttempt(IdMixin, Base):
    __tablename__ = "login_attempt"

    client_key: Mapped[str] = mapped_column(String(64), index=True)  # address and account
    account_key: Mapped[str | None] = mapped_column(String(64), index=True)
    address_key: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    succeeded: Mapped[bool] = mapped_column(default=False)

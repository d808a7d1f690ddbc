"""Coordinator and viewer accounts, API tokens and login attempts (for rate limiting)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from infra.clock import utcnow
from infra.db import Base, IdMixin, TimestampMixin, enum_type


class UserRole(StrEnum):
    coordinator = "coordinator"
    viewer = "viewer"


class UserAccount(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    network_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[UserRole] = mapped_column(enum_type(UserRole))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Set by `user create` and `user reset-password`: pages and the API wait for a new password.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_login_at: Mapped[datetime | None]
    # In the session cookie; bumped on logout, password change, reset and deactivation.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")


class ApiToken(IdMixin, Base):
    __tablename__ = "api_token"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
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

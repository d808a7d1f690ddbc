"""Logging in without handing out an oracle: rate limits per account, per address and overall,
and the same argon2 work whether or not the e-mail has an account."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from infra.settings import Settings
from schemas.auth import PASSWORD_MAX_LENGTH
from services.actors import Actor
from services.auth.models import LoginAttempt, UserAccount
from services.auth.service import change_password, hash_password, password_problems, verify_password
from services.errors import TooManyAttempts

LOGIN_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class LoginLimits:
    """Failed attempts allowed per LOGIN_WINDOW: for one address and account together, for one
    account from anywhere, from one address to any account (spraying), and for everyone."""

    pair: int = 10
    account: int = 20
    address: int = 30
    overall: int = 500

    @classmethod
    def of(cls, settings: Settings) -> LoginLimits:
        return cls(
            pair=settings.login_rate_limit,
            account=settings.login_account_limit,
            address=settings.login_address_limit,
            overall=settings.login_global_limit,
        )


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def client_key(remote_addr: str, email: str) -> str:
    """Rate-limit key: a hash, so neither the address nor the e-mail is stored in clear."""
    return _sha256(f"{remote_addr}|{email.strip().lower()}")


def account_key(email: str) -> str:
    return _sha256(f"account|{email.strip().lower()}")


def address_key(remote_addr: str) -> str:
    return _sha256(f"address|{remote_addr}")


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("no account has this password")


def _failures(session: Session, since: datetime, *where: ColumnElement[bool]) -> int:
    query = select(func.count()).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.at > since, *where
    )
    return session.scalar(query) or 0


def check_limits(
    session: Session, *, email: str, remote_addr: str, limits: LoginLimits, now: datetime
) -> None:
    """TooManyAttempts when any of the four counts is reached (before any password work)."""
    since = now - LOGIN_WINDOW
    counts = (
        (limits.pair, LoginAttempt.client_key == client_key(remote_addr, email)),
        (limits.account, LoginAttempt.account_key == account_key(email)),
        (limits.address, LoginAttempt.address_key == address_key(remote_addr)),
    )
    for limit, where in counts:
        if _failures(session, since, where) >= limit:
            raise TooManyAttempts("auth.too_many_attempts", minutes=LOGIN_WINDOW.seconds // 60)
    if _failures(session, since) >= limits.overall:
        raise TooManyAttempts("auth.too_many_attempts", minutes=LOGIN_WINDOW.seconds // 60)


def record_attempt(
    session: Session, *, email: str, remote_addr: str, succeeded: bool, now: datetime
) -> None:
    """One row per password check (login or current password); the caller lets it commit."""
    session.add(
        LoginAttempt(
            client_key=client_key(remote_addr, email),
            account_key=account_key(email),
            address_key=address_key(remote_addr),
            at=now,
            succeeded=succeeded,
        )
    )
    session.flush()


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    remote_addr: str,
    limits: LoginLimits,
    now: datetime | None = None,
) -> UserAccount | None:
    """The user, or None after recording the failure (the caller must let that row commit).
    Unknown and inactive accounts cost one argon2 verification too: no timing oracle."""
    now = now or utcnow()
    email = email.strip().lower()
    check_limits(session, email=email, remote_addr=remote_addr, limits=limits, now=now)
    user = session.scalar(select(UserAccount).where(UserAccount.email == email))
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    matches = len(password) <= PASSWORD_MAX_LENGTH and verify_password(stored, password)
    ok = matches and user is not None and user.active and bool(user.password_hash)
    record_attempt(session, email=email, remote_addr=remote_addr, succeeded=ok, now=now)
    if not ok or user is None:
        return None
    user.last_login_at = now
    return user


def change_own_password(
    session: Session,
    *,
    user: UserAccount,
    current: str,
    new: str,
    repeated: str,
    remote_addr: str,
    limits: LoginLimits,
) -> None:
    """The current password is a login in disguise: the same limits, and a wrong one counts
    (the caller lets that row commit). Raises TooManyAttempts or WeakPassword."""
    now = utcnow()
    check_limits(session, email=user.email, remote_addr=remote_addr, limits=limits, now=now)
    if "current" in password_problems(user, current=current, new=new, repeated=repeated):
        record_attempt(session, email=user.email, remote_addr=remote_addr, succeeded=False, now=now)
    role = user.role.value if user.memberships else None
    actor = Actor(kind="user", id=user.id, network_id=user.home_network_id, role=role)
    change_password(session, user=user, current=current, new=new, repeated=repeated, actor=actor)

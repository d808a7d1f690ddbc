"""Passwords, API tokens and login rate limiting (members use signed links: people.links)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.auth import PASSWORD_MAX_LENGTH
from services.actors import Actor
from services.audit.service import record_audit
from services.auth.models import ApiToken, NetworkMembership, UserAccount, UserRole
from services.errors import Conflict, Invalid, NotFound
from services.people.links import LinkExpired as LinkExpired  # re-exported: it lived here
from services.people.links import LinkInvalid as LinkInvalid
from services.people.links import LinkScope as LinkScope
from services.people.links import LinkSigner as LinkSigner
from services.people.links import MemberLink as MemberLink

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12  # the pw_too_short messages (here and in the catalogue) say 12
# A problem with a new password, by field; the codes are keys of the pages' catalogue.
PasswordProblem = Literal[
    "pw_wrong_current", "pw_too_short", "pw_too_long", "pw_same_as_old", "pw_mismatch"
]
PASSWORD_PROBLEMS: dict[PasswordProblem, str] = {  # problem: message code (services.messages)
    "pw_wrong_current": "auth.pw_wrong_current",
    "pw_too_short": "auth.pw_too_short",
    "pw_too_long": "auth.pw_too_long",
    "pw_same_as_old": "auth.pw_same_as_old",
    "pw_mismatch": "auth.pw_mismatch",
}


class WeakPassword(Invalid):
    """A rejected password change; `problems` says which field is wrong and why."""

    def __init__(self, problems: dict[str, PasswordProblem]) -> None:
        field, code = next(iter(problems.items()))
        super().__init__(
            PASSWORD_PROBLEMS[code],
            field=field,
            length=MIN_PASSWORD_LENGTH,
            max_length=PASSWORD_MAX_LENGTH,
        )
        self.problems = problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalize_email(email: str) -> str:
    """The login form of an address (email-validator, as member e-mails; no DNS lookup)."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise Invalid("auth.bad_email", field="email") from exc
    return checked.normalized.lower()


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(
    session: Session,
    *,
    email: str,
    role: UserRole,
    network_id: uuid.UUID,
    actor: Actor,
    name: str = "",
    must_change_password: bool = True,
) -> tuple[UserAccount, str]:
    """A new account with a one-time password the creator hands over (printed once, not stored);
    the new user must choose their own at first login unless `must_change_password` is False."""
    email = normalize_email(email)
    if session.scalar(select(UserAccount.id).where(UserAccount.email == email)) is not None:
        raise Conflict("auth.account_exists", field="email")
    password = one_time_password()
    user = UserAccount(
        email=email,
        name=name,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        memberships=[NetworkMembership(network_id=network_id, role=role)],
    )
    session.add(user)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="create",
        entity_type="user_account",
        entity_id=user.id,
        network_id=network_id,
        details={"role": role.value},
    )
    return user, password


def reset_password(session: Session, *, email: str, actor: Actor) -> tuple[UserAccount, str]:
    """A new one-time password for a forgotten or leaked one; it must be changed at login."""
    user = session.scalar(select(UserAccount).where(UserAccount.email == normalize_email(email)))
    if user is None:
        raise NotFound("auth.no_account")
    password = one_time_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_sessions(user)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="reset_password",
        entity_type="user_account",
        entity_id=user.id,
        network_id=user.home_network_id,
    )
    return user, password


def password_problems(
    user: UserAccount, *, current: str, new: str, repeated: str
) -> dict[str, PasswordProblem]:
    """What is wrong with a password change, by form field (current, new, repeat); empty when
    it may go ahead."""
    problems: dict[str, PasswordProblem] = {}
    if len(current) > PASSWORD_MAX_LENGTH or not verify_password(user.password_hash, current):
        problems["current"] = "pw_wrong_current"
    if len(new) < MIN_PASSWORD_LENGTH:
        problems["new"] = "pw_too_short"
    elif len(new) > PASSWORD_MAX_LENGTH:
        problems["new"] = "pw_too_long"
    elif new == current or verify_password(user.password_hash, new):
        problems["new"] = "pw_same_as_old"
    elif new != repeated:
        problems["repeat"] = "pw_mismatch"
    return problems


def change_password(
    session: Session, *, user: UserAccount, current: str, new: str, repeated: str, actor: Actor
) -> None:
    """The user's own new password; clears `must_change_password`. Raises WeakPassword."""
    problems = password_problems(user, current=current, new=new, repeated=repeated)
    if problems:
        raise WeakPassword(problems)
    user.password_hash = hash_password(new)
    was_forced = user.must_change_password
    user.must_change_password = False
    end_sessions(user)  # the caller signs its own session in again
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="change_password",
        entity_type="user_account",
        entity_id=user.id,
        network_id=user.home_network_id,
        details={"was_one_time": was_forced},
    )


WRONG_LOGIN = "auth.wrong_login"  # a message code: a failed login is no DomainError


def end_sessions(user: UserAccount) -> None:
    """Every session cookie issued so far stops working (cookies carry the version)."""
    user.session_version = (user.session_version or 0) + 1


def create_api_token(
    session: Session, *, user: UserAccount, name: str, expires_at: datetime | None = None
) -> str:
    """The token is shown once; only its SHA-256 is stored."""
    token = "sv_" + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        network_id=user.network_id,
        name=name,
        token_hash=_sha256(token),
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    record_audit(
        session,
        actor=Actor(kind="user", id=user.id, network_id=user.network_id, role=user.role.value),
        action="create",
        entity_type="api_token",
        entity_id=row.id,
        network_id=user.network_id,
    )
    return token


def user_for_token(session: Session, token: str) -> UserAccount | None:
    """The token's active account, working in the token's network; None for unknown, revoked
    or expired tokens, and when the account no longer has a role in that network."""
    now = utcnow()
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _sha256(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        return None
    row.last_used_at = now
    user = session.get(UserAccount, row.user_id)
    if user is None or not user.active or user.choose_network(row.network_id) is None:
        return None
    return user


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (the token is shown once)."""
    return _sha256(token)


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def revoke_api_token(session: Session, *, token_id: uuid.UUID, actor: Actor) -> ApiToken:
    """The owner's own token, or any in the network for a coordinator; stops working at once."""
    row = session.get(ApiToken, token_id)
    owner = session.get(UserAccount, row.user_id) if row else None
    if row is None or owner is None or row.network_id != actor.network_id:
        raise NotFound("auth.no_token")
    if owner.id != actor.id and actor.role != UserRole.coordinator.value:
        raise NotFound("auth.no_token")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        record_audit(
            session,
            actor=actor,
            action="revoke",
            entity_type="api_token",
            entity_id=row.id,
            network_id=row.network_id,
        )
    return row


def revoke_tokens_of(session: Session, *, email: str, actor: Actor) -> int:
    """Every API token of the account stops working (a leaked script, a lost laptop)."""
    user = session.scalar(select(UserAccount).where(UserAccount.email == normalize_email(email)))
    if user is None:
        raise NotFound("auth.no_account")
    count = _revoke_all(session, user)
    record_audit(
        session,
        actor=actor,
        action="revoke_tokens",
        entity_type="user_account",
        entity_id=user.id,
        network_id=user.home_network_id,
        details={"tokens": count},
    )
    return count


def _revoke_all(session: Session, user: UserAccount) -> int:
    now, count = utcnow(), 0
    for token in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at, count = now, count + 1
    session.flush()
    return count


def deactivate_user(session: Session, *, email: str, actor: Actor) -> UserAccount:
    """No more logins: sessions end and API tokens are revoked (the account stays for history)."""
    user = session.scalar(select(UserAccount).where(UserAccount.email == normalize_email(email)))
    if user is None:
        raise NotFound("auth.no_account")
    user.active = False
    end_sessions(user)
    _revoke_all(session, user)
    record_audit(
        session,
        actor=actor,
        action="deactivate",
        entity_type="user_account",
        entity_id=user.id,
        network_id=user.home_network_id,
    )
    return user

"""Request-scoped dependencies: the transaction, the settings, and who is asking."""

from __future__ import annotations

import hmac
import logging
import secrets
import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.actors import Actor
from services.auth.models import UserAccount, UserRole
from services.auth.service import LinkSigner, end_sessions, user_for_token
from services.errors import DomainError, Forbidden
from services.events.outbox import unit_of_work

log = logging.getLogger("samverkan.api")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class Unauthenticated(DomainError):
    status_code = 401
    code = "unauthenticated"


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """The request owns the transaction: commit when the handler returns, then publish events.

    An exception rolls it back; so does any answer of 400 or more (see `abandon_transaction`).
    """
    with unit_of_work(request.app.state.sessionmaker, request.app.state.publisher) as session:
        request.state.unit_of_work = session
        yield session


def abandon_transaction(request: Request) -> None:
    """Roll back what the request changed and forget its events: a refused request changes
    nothing. Pages call this before they render an error, since they answer errors themselves
    (the exception never reaches `get_db`); what they read afterwards starts a new transaction.
    """
    session: Session | None = getattr(request.state, "unit_of_work", None)
    if session is None or getattr(request.state, "refusal_is_recorded", False):
        return
    try:
        session.rollback()
    except Exception:  # the database went away: nothing was committed either
        log.warning("rollback of a refused request failed", extra={"path": request.url.path})


def record_refusal(request: Request) -> None:
    """This request's refusal is itself a fact to keep (a failed login counts for the rate limit):
    what it wrote commits although it answers 4xx. Call it before writing anything else."""
    request.state.refusal_is_recorded = True


Db = Annotated[Session, Depends(get_db, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings)]


def get_link_signer(settings: AppSettings) -> LinkSigner:
    return LinkSigner(
        settings.secret_key.get_secret_value(), max_age_s=settings.member_link_max_age_s
    )


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(str(expected), submitted):
        raise Forbidden("access.csrf")


# Declared for the OpenAPI (either one signs in); current_user does the checking.
API_TOKEN = HTTPBearer(
    scheme_name="ApiToken", description="An API token (POST /api/auth/tokens).", auto_error=False
)
SESSION = APIKeyCookie(
    name="samverkan_session",
    scheme_name="Session",
    description="The login session; unsafe methods also need the X-CSRF-Token header.",
    auto_error=False,
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(API_TOKEN)]
SessionCookie = Annotated[str | None, Depends(SESSION)]


def signed_in_account(request: Request, db: Db, bearer: Bearer, _: SessionCookie) -> UserAccount:
    """A Bearer API token, or the session cookie (then unsafe methods need the CSRF header);
    also an account that must still change its one-time password (only that route uses it)."""
    if bearer is not None:
        user = user_for_token(db, bearer.credentials.strip())
        if user is None:
            raise Unauthenticated("access.bad_api_token")
        return user
    user = session_user(request, db)
    if user is None or not user.active:
        raise Unauthenticated("access.log_in")
    if request.method in UNSAFE_METHODS:
        check_csrf(request, request.headers.get("x-csrf-token"))
    return user


Account = Annotated[UserAccount, Depends(signed_in_account)]


def current_user(user: Account) -> UserAccount:
    """The signed-in account, once it has chosen its own password (tokens wait for it too)."""
    if user.must_change_password:
        raise Forbidden("access.change_one_time_password")
    return user


def remote_address(request: Request) -> str:
    """The client's address; behind the proxy named in forwarded_allow_ips, uvicorn has already
    put the X-Forwarded-For address here (and ignores the header from anyone else)."""
    return request.client.host if request.client else "unknown"


def session_user(request: Request, db: Session) -> UserAccount | None:
    """The account of the signed session cookie, working in the session's network; None when
    there is none, it is garbage, or it is older than the account's last logout, password
    change or reset."""
    try:
        user_id = uuid.UUID(str(request.session.get("user_id")))
    except ValueError:
        return None
    user = db.get(UserAccount, user_id)
    if user is None or request.session.get("sv") != user.session_version:
        return None
    user.choose_network(_chosen_network(request))
    return user


def _chosen_network(request: Request) -> uuid.UUID | None:
    """The one place a session's network is read: every page and API route scopes by it
    (`user.network_id`); a network the account lost its role in falls back to its first."""
    try:
        return uuid.UUID(str(request.session.get("network_id")))
    except ValueError:
        return None


def remember_network(request: Request, network_id: uuid.UUID) -> None:
    """The session works in this network from the next request on (the switcher)."""
    request.session["network_id"] = str(network_id)


def sign_in(request: Request, user: UserAccount, *, again: bool = False) -> None:
    """A fresh session for the account at its version, keeping the chosen language; `again`
    (after a password change) keeps the CSRF token too, as the same person goes on."""
    kept = {k: request.session.get(k) for k in ("lang", "csrf" if again else "lang")}
    request.session.clear()
    request.session["user_id"] = str(user.id)
    request.session["sv"] = user.session_version
    if user.memberships:
        request.session["network_id"] = str(user.network_id)
    request.session.update({k: v for k, v in kept.items() if v})


def sign_out(request: Request, db: Session) -> None:
    """Ends every session of the account, not only this cookie (a copy may be elsewhere)."""
    user = session_user(request, db)
    if user is not None:
        end_sessions(user)
        db.flush()
    chosen = request.session.get("lang")
    request.session.clear()
    if chosen:
        request.session["lang"] = chosen


def actor_of(user: UserAccount) -> Actor:
    return Actor(kind="user", id=user.id, network_id=user.network_id, role=user.role.value)


def current_actor(user: Annotated[UserAccount, Depends(current_user)]) -> Actor:
    return actor_of(user)


def coordinator(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
    """Writes are for coordinators; viewers may only read."""
    if actor.role != UserRole.coordinator.value:
        raise Forbidden("access.coordinators_only")
    return actor


Reader = Annotated[Actor, Depends(current_actor)]
Writer = Annotated[Actor, Depends(coordinator)]

"""Login and logout (session cookie + CSRF token) and API tokens for scripts."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from infra.clock import utcnow
from schemas.auth import LoginIn, LoginOut, PasswordIn, TokenIn, TokenInfo, TokenOut
from services import messages
from services.api.deps import (
    Account,
    AppSettings,
    Db,
    Reader,
    Writer,
    check_csrf,
    csrf_token,
    record_refusal,
    remote_address,
    sign_in,
    sign_out,
)
from services.api.errors import problem_response, request_language
from services.api.responses import FOUND, SIGNED_IN, problems
from services.api.routing import TransactionalRoute
from services.auth.login import LoginLimits, authenticate, change_own_password
from services.auth.models import ApiToken, UserAccount
from services.auth.queries import tokens_of
from services.auth.service import (
    WRONG_LOGIN,
    WeakPassword,
    create_api_token,
    revoke_api_token,
    token_hash,
)

router = APIRouter(prefix="/auth", tags=["auth"], route_class=TransactionalRoute)


@router.post("/login", response_model=LoginOut, responses=problems(422, 429, 503))
def login(
    data: LoginIn, request: Request, db: Db, settings: AppSettings
) -> LoginOut | JSONResponse:
    """A failed login is answered, and its attempt row commits: the rate limit counts it."""
    record_refusal(request)
    user = authenticate(
        db,
        email=data.email,
        password=data.password,
        remote_addr=remote_address(request),
        limits=LoginLimits.of(settings),
    )
    if user is None:
        detail = messages.render(WRONG_LOGIN, {}, request_language(request))
        return problem_response(
            422, detail, code="wrong_login", field="password", message_code=WRONG_LOGIN
        )
    sign_in(request, user)
    role = user.role.value if user.memberships else ""  # an administrator without a network
    return LoginOut(user_id=user.id, role=role, csrf_token=csrf_token(request))


@router.post("/password", status_code=204, responses=problems(401, 403, 422, 429, 503))
def change_password(
    data: PasswordIn, request: Request, db: Db, user: Account, settings: AppSettings
) -> Response:
    """The caller's own new password (also with a one-time one); every other session ends, this
    one goes on. A wrong current password counts as a failed login (its row commits)."""
    record_refusal(request)
    try:
        change_own_password(
            db,
            user=user,
            current=data.current,
            new=data.new,
            repeated=data.repeat,
            remote_addr=remote_address(request),
            limits=LoginLimits.of(settings),
        )
    except WeakPassword as exc:  # answered, not raised: the attempt row must commit
        return problem_response(422, exc.message, code=exc.code, field=exc.field)
    if request.session.get("user_id"):
        sign_in(request, user, again=True)
    return Response(status_code=204)


@router.post("/logout", status_code=204, responses=problems(403))
def logout(request: Request, db: Db) -> None:
    """A signed-in session logs out with its CSRF header (no cross-site logout); every copy of
    the cookie stops working."""
    if request.session.get("user_id"):
        check_csrf(request, request.headers.get("x-csrf-token"))
    sign_out(request, db)


@router.post("/tokens", response_model=TokenOut, status_code=201, responses=SIGNED_IN)
def create_token(data: TokenIn, db: Db, actor: Writer, settings: AppSettings) -> TokenOut:
    """A token ends after `expires_in_days` (at most, and by default, api_token_max_age_days)."""
    user = db.get(UserAccount, actor.id)
    assert user is not None
    days = min(
        data.expires_in_days or settings.api_token_max_age_days, settings.api_token_max_age_days
    )
    expires_at = utcnow() + timedelta(days=days)
    token = create_api_token(db, user=user, name=data.name, expires_at=expires_at)
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    assert row is not None
    return TokenOut(id=row.id, name=data.name, token=token, expires_at=expires_at)


@router.get("/tokens", response_model=list[TokenInfo], responses=SIGNED_IN)
def list_tokens(db: Db, actor: Reader) -> list[ApiToken]:
    """The caller's own tokens for this network, newest first (never the token itself)."""
    assert actor.id is not None
    assert actor.network_id is not None
    return tokens_of(db, account_id=actor.id, network_id=actor.network_id)


@router.delete("/tokens/{token_id}", status_code=204, responses=SIGNED_IN | FOUND)
def revoke_token(token_id: uuid.UUID, db: Db, actor: Reader) -> None:
    """Revoke one token: the caller's own, or any in the network for a coordinator."""
    revoke_api_token(db, token_id=token_id, actor=actor)

"""Login and logout (session cookie + CSRF token) and API tokens for scripts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from schemas.auth import LoginIn, LoginOut, TokenIn, TokenOut
from services import messages
from services.api.deps import AppSettings, Db, Writer, check_csrf, csrf_token, record_refusal
from services.api.errors import problem_response, request_language
from services.api.responses import SIGNED_IN, problems
from services.api.routing import TransactionalRoute
from services.auth.models import UserAccount
from services.auth.service import WRONG_LOGIN, authenticate, create_api_token

router = APIRouter(prefix="/auth", tags=["auth"], route_class=TransactionalRoute)


@router.post("/login", response_model=LoginOut, responses=problems(422, 429, 503))
def login(
    data: LoginIn, request: Request, db: Db, settings: AppSettings
) -> LoginOut | JSONResponse:
    """A failed login is answered, and its attempt row commits: the rate limit counts it."""
    record_refusal(request)
    remote = request.client.host if request.client else "unknown"
    user = authenticate(
        db,
        email=data.email,
        password=data.password,
        remote_addr=remote,
        limit=settings.login_rate_limit,
    )
    if user is None:
        detail = messages.render(WRONG_LOGIN, {}, request_language(request))
        return problem_response(
            422, detail, code="wrong_login", field="password", message_code=WRONG_LOGIN
        )
    request.session.clear()
    request.session["user_id"] = str(user.id)
    return LoginOut(user_id=user.id, role=user.role.value, csrf_token=csrf_token(request))


@router.post("/logout", status_code=204, responses=problems(403))
def logout(request: Request) -> None:
    """A signed-in session logs out with its CSRF header (no cross-site logout)."""
    if request.session.get("user_id"):
        check_csrf(request, request.headers.get("x-csrf-token"))
    request.session.clear()


@router.post("/tokens", response_model=TokenOut, status_code=201, responses=SIGNED_IN)
def create_token(data: TokenIn, db: Db, actor: Writer) -> TokenOut:
    user = db.get(UserAccount, actor.id)
    assert user is not None
    return TokenOut(name=data.name, token=create_api_token(db, user=user, name=data.name))

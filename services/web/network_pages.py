"""Many networks in one installation: the switcher (for accounts with a role in more than one)
and the administrator's page that creates networks and gives accounts their roles."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from services.actors import Actor
from services.api.deps import Db, remember_network, session_user
from services.auth import queries as auth_queries
from services.auth.memberships import add_account, switch_network
from services.auth.models import UserAccount, UserRole
from services.auth.service import normalize_email
from services.errors import DomainError, Forbidden
from services.people.service import create_network
from services.web import i18n
from services.web.pages import (
    Form,
    LoginRequired,
    PageRoute,
    PageUser,
    PasswordChangeRequired,
    field,
    flash_and_go,
    render,
    safe_next,
)

router = APIRouter(route_class=PageRoute)
ADMIN_PAGE = "/admin/natverk"


def _parsed_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


@router.post("/natverk", response_class=HTMLResponse)
def switch(request: Request, user: PageUser, form: Form) -> Response:
    """Work in another of the account's networks; a network without a role there is refused
    (403) and the session stays where it was."""
    network_id = _parsed_id(field(form, "network_id"))
    if network_id is None:
        raise Forbidden("access.not_your_network")
    membership = switch_network(user, network_id)
    remember_network(request, network_id)
    target = safe_next(field(form, "next"))
    return flash_and_go(request, "network_switched", target, name=membership.network.name)


def page_admin(request: Request, db: Db) -> UserAccount:
    """An installation administrator's browser session (a role in a network is not needed)."""
    user = session_user(request, db)
    if user is None or not user.active:
        raise LoginRequired()
    if user.must_change_password:
        raise PasswordChangeRequired()
    if not user.is_admin:
        raise Forbidden("access.admins_only")
    return user


PageAdmin = Annotated[UserAccount, Depends(page_admin)]


def _admin_actor(user: UserAccount) -> Actor:
    return Actor(kind="user", id=user.id, network_id=None, role="admin")


@router.get(ADMIN_PAGE, response_class=HTMLResponse)
def networks_page(request: Request, db: Db, user: PageAdmin) -> HTMLResponse:
    return _networks(request, db, user, values={}, errors={})


def _networks(
    request: Request,
    db: Session,
    user: UserAccount,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    created: dict[str, str] | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "created": created,
        "user": user,
        "networks": auth_queries.networks_with_roles(db),
        "roles": [(role.value, f"role_{role.value}") for role in UserRole],
        "v": values,
        "errors": errors,
    }
    return render(request, "networks.html", context, status=status)


@router.post(ADMIN_PAGE, response_class=HTMLResponse)
def new_network(request: Request, db: Db, user: PageAdmin, form: Form) -> Response:
    """A new, empty network; then give an account a role in it below."""
    values = {"name": field(form, "name"), "slug": field(form, "slug")}
    try:
        network = create_network(
            db, name=values["name"], slug=values["slug"], actor=_admin_actor(user)
        )
    except DomainError as exc:
        return _refused(request, db, user, exc, values, default_field="name")
    return flash_and_go(request, "network_created", ADMIN_PAGE, name=network.name)


@router.post(f"{ADMIN_PAGE}/roller", response_class=HTMLResponse)
def give_role(request: Request, db: Db, user: PageAdmin, form: Form) -> Response:
    """An account gets a role (coordinator or viewer) in a network; an address without an account
    gets a new one, whose one-time password this answer shows once."""
    values = {k: field(form, k) for k in ("email", "account_name", "network", "role")}
    lang = i18n.lang_of(request)
    network_id = _parsed_id(values["network"])
    if network_id is None or values["role"] not in UserRole.__members__:
        key, message = ("network", "required") if network_id is None else ("role", "required")
        errors = {key: i18n.translate(message, lang)}
        return _networks(request, db, user, values=values, errors=errors, status=422)
    try:
        membership, password = add_account(
            db,
            email=values["email"],
            name=values["account_name"],
            network_id=network_id,
            role=UserRole(values["role"]),
            actor=_admin_actor(user),
        )
    except DomainError as exc:
        return _refused(request, db, user, exc, values, default_field="email")
    role = i18n.translate(f"role_{membership.role.value}", lang)
    name = membership.network.name
    if password is None:
        return flash_and_go(request, "role_given", ADMIN_PAGE, role=role, name=name)
    email = normalize_email(values["email"])
    created = {"email": email, "password": password, "role": role, "name": name}
    return _networks(request, db, user, values={}, errors={}, created=created)


def _refused(
    request: Request,
    db: Session,
    user: UserAccount,
    exc: DomainError,
    values: dict[str, str],
    *,
    default_field: str,
) -> HTMLResponse:
    """The service's refusal next to its field; the form keeps what was typed."""
    if isinstance(exc, Forbidden):
        raise exc
    lang = i18n.lang_of(request)
    errors = {exc.field or default_field: i18n.error_text(exc, lang)}
    return _networks(request, db, user, values=values, errors=errors, status=exc.status_code)

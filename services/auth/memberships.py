"""Roles per network: an administrator (or the command line) gives an account a role in a
network and makes administrators; each request works in the one network its account chose."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.common import line_problem
from services.actors import Actor
from services.audit.service import record_audit
from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.auth.service import create_user, normalize_email
from services.errors import Conflict, Forbidden, Invalid, NotFound
from services.people.models import Network


def check_admin(session: Session, actor: Actor) -> None:
    """The command line (the system) or an account with the installation-wide administrator role."""
    if actor.kind == "system":
        return
    account = session.get(UserAccount, actor.id) if actor.kind == "user" else None
    if account is None or not account.is_admin or not account.active:
        raise Forbidden("access.admins_only")


def grant_role(
    session: Session, *, email: str, network_id: uuid.UUID, role: UserRole, actor: Actor
) -> NetworkMembership:
    """The existing account gets a role in one more network (sessions elsewhere go on)."""
    check_admin(session, actor)
    account = session.scalar(select(UserAccount).where(UserAccount.email == normalize_email(email)))
    if account is None:
        raise NotFound("auth.no_account", field="email")
    if session.get(Network, network_id) is None:
        raise NotFound("people.unknown_network", field="network")
    if account.role_in(network_id) is not None:
        raise Conflict("auth.already_member", field="email")
    membership = NetworkMembership(account_id=account.id, network_id=network_id, role=role)
    account.memberships.append(membership)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="grant_role",
        entity_type="user_account",
        entity_id=account.id,
        network_id=network_id,
        details={"role": role.value},
    )
    return membership


def add_account(
    session: Session,
    *,
    email: str,
    name: str,
    network_id: uuid.UUID,
    role: UserRole,
    actor: Actor,
) -> tuple[NetworkMembership, str | None]:
    """A role for an existing account, or a new account with a one-time password (returned once,
    never stored) when the address has none and a name is given: no command line needed."""
    check_admin(session, actor)
    address = normalize_email(email)
    known = session.scalar(select(UserAccount.id).where(UserAccount.email == address))
    if known is not None:
        return grant_role(session, email=email, network_id=network_id, role=role, actor=actor), None
    if session.get(Network, network_id) is None:
        raise NotFound("people.unknown_network", field="network")
    if not name.strip():
        raise Invalid("auth.no_account_name_needed", field="account_name")
    if len(name) > 200 or line_problem(name):
        raise Invalid("auth.account_name", field="account_name")
    account, password = create_user(
        session, email=email, name=name.strip(), role=role, network_id=network_id, actor=actor
    )
    return account.memberships[0], password


def make_admin(session: Session, *, email: str, actor: Actor) -> UserAccount:
    """The account may create networks and give roles in any of them (command line only)."""
    check_admin(session, actor)
    account = session.scalar(select(UserAccount).where(UserAccount.email == normalize_email(email)))
    if account is None:
        raise NotFound("auth.no_account", field="email")
    if not account.is_admin:
        account.is_admin = True
        session.flush()
        record_audit(
            session,
            actor=actor,
            action="make_admin",
            entity_type="user_account",
            entity_id=account.id,
            network_id=None,
        )
    return account


def switch_network(account: UserAccount, network_id: uuid.UUID) -> NetworkMembership:
    """The network the account works in from now on; Forbidden without a role there (a forged
    form value changes nothing)."""
    if account.role_in(network_id) is None:
        raise Forbidden("access.not_your_network")
    membership = account.choose_network(network_id)
    assert membership is not None
    return membership

"""A member's page (e-mail, name, role, groups) and an organisation's page (contact person and
the other names the minutes extractor matches it by)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.enums import MemberRole
from schemas.people import MemberPatch, OrganisationPatch
from services.api.deps import Db
from services.auth.models import UserAccount
from services.errors import DomainError, NotFound
from services.people import queries as people_queries
from services.people import service as people
from services.people.models import Member, Organisation
from services.privacy.erase import is_erased
from services.web import i18n
from services.web.forms import Fields
from services.web.pages import Form, PageRoute, PageWriter, actor, flash_and_go, render

router = APIRouter(route_class=PageRoute)
ROLES = tuple(r.value for r in MemberRole)


def _member(db: Session, user: UserAccount, member_id: uuid.UUID) -> Member:
    member = people_queries.member_in(db, member_id, network_id=user.network_id)
    if member is None or is_erased(member):  # a new name or address would undo the erasure
        raise NotFound("people.unknown_member")
    return member


def _person(
    request: Request,
    db: Session,
    user: UserAccount,
    member: Member,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    stored = {
        "name": member.name,
        "email": member.email,
        "role": member.role.value,
        "in_steering_group": "1" if member.in_steering_group else "",
        "in_preparatory_group": "1" if member.in_preparatory_group else "",
    }
    org = people_queries.organisation_in(db, member.organisation_id, network_id=user.network_id)
    context: dict[str, Any] = {
        "user": user,
        "member": member,
        "org": org,
        "roles": ROLES,
        "v": values or stored,
        "errors": errors or {},
    }
    return render(request, "person.html", context, status=status)


@router.get("/personer/{member_id}", response_class=HTMLResponse)
def person_page(request: Request, member_id: uuid.UUID, db: Db, user: PageWriter) -> HTMLResponse:
    return _person(request, db, user, _member(db, user, member_id))


@router.post("/personer/{member_id}", response_class=HTMLResponse)
def save_person(
    request: Request, member_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """A new address ends the old links (update_member bumps link_version); nobody is mailed."""
    member = _member(db, user, member_id)
    f = Fields(form, i18n.lang_of(request))
    values = {n: f.text(n, max_length=320) for n in ("name", "email", "role")}
    values |= {
        g: "1" if f.checked(g) else "" for g in ("in_steering_group", "in_preparatory_group")
    }
    f.text("name", required=True, max_length=200)
    f.text("email", required=True, max_length=320)
    if values["role"] not in ROLES:
        f.errors["role"] = i18n.translate("invalid_choice", f.lang)
    if f.errors:
        return _person(request, db, user, member, values=values, errors=f.errors, status=422)
    try:
        patch = MemberPatch(
            name=values["name"],
            email=values["email"],
            role=MemberRole(values["role"]),
            in_steering_group=bool(values["in_steering_group"]),
            in_preparatory_group=bool(values["in_preparatory_group"]),
        )
    except ValidationError:
        errors = {"email": i18n.translate("bad_email", f.lang)}
        return _person(request, db, user, member, values=values, errors=errors, status=422)
    old_email = member.email
    try:
        member = people.update_member(db, member_id=member.id, data=patch, actor=actor(user))
    except DomainError as exc:
        errors = {exc.field or "email": i18n.error_text(exc, f.lang)}
        return _person(
            request, db, user, member, values=values, errors=errors, status=exc.status_code
        )
    key = "person_saved_email" if member.email != old_email else "person_saved"
    return flash_and_go(
        request, key, f"/personer/{member.id}", name=member.name, email=member.email
    )


def _organisation(db: Session, user: UserAccount, organisation_id: uuid.UUID) -> Organisation:
    org = people_queries.organisation_in(db, organisation_id, network_id=user.network_id)
    if org is None:
        raise NotFound("people.unknown_organisation")
    return org


def _org_page(
    request: Request,
    db: Session,
    user: UserAccount,
    org: Organisation,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    stored = {
        "contact_member_id": str(org.contact_member_id or ""),
        "aliases": "\n".join(org.aliases),
    }
    members = [
        m for m in people_queries.members(db, user.network_id) if m.organisation_id == org.id
    ]
    context: dict[str, Any] = {
        "user": user,
        "org": org,
        "members": members,
        "v": values or stored,
        "errors": errors or {},
    }
    return render(request, "organisation.html", context, status=status)


@router.get("/organisation/{organisation_id}", response_class=HTMLResponse)
def organisation_page(
    request: Request, organisation_id: uuid.UUID, db: Db, user: PageWriter
) -> HTMLResponse:
    return _org_page(request, db, user, _organisation(db, user, organisation_id))


@router.post("/organisation/{organisation_id}", response_class=HTMLResponse)
def save_organisation(
    request: Request, organisation_id: uuid.UUID, db: Db, user: PageWriter, form: Form
) -> Response:
    """The contact must belong to the organisation; other names are one per line."""
    org = _organisation(db, user, organisation_id)
    f = Fields(form, i18n.lang_of(request))
    values = {
        "contact_member_id": f.text("contact_member_id", max_length=40),
        "aliases": f.text("aliases", max_length=50_000, multiline=True),
    }
    contact = f.ident("contact_member_id")
    aliases = list(dict.fromkeys(a.strip() for a in values["aliases"].splitlines() if a.strip()))
    if f.errors:
        return _org_page(request, db, user, org, values=values, errors=f.errors, status=422)
    try:
        patch = OrganisationPatch(contact_member_id=contact, aliases=aliases)
    except ValidationError:
        errors = {"aliases": i18n.translate("org_aliases_invalid", f.lang)}
        return _org_page(request, db, user, org, values=values, errors=errors, status=422)
    try:
        people.update_organisation(db, organisation_id=org.id, data=patch, actor=actor(user))
    except DomainError as exc:
        errors = {exc.field or "contact_member_id": i18n.error_text(exc, f.lang)}
        return _org_page(
            request, db, user, org, values=values, errors=errors, status=exc.status_code
        )
    return flash_and_go(request, "org_saved", f"/organisation/{org.id}", name=org.name)

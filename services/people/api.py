"""REST endpoints for organisations and members."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from sqlalchemy import select

from schemas.common import Page
from schemas.people import (
    MemberIn,
    MemberOut,
    MemberPatch,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
)
from services.api.deps import Db, Reader, Writer
from services.api.params import Limit, Offset
from services.api.responses import FOUND, REFUSED, SIGNED_IN
from services.api.routing import TransactionalRoute
from services.lookup import get_in_network, page_of
from services.people import queries, service
from services.people.models import Member, Organisation

router = APIRouter(tags=["people"], responses=SIGNED_IN, route_class=TransactionalRoute)


@router.get("/organisations", response_model=Page[OrganisationOut])
def list_organisations(
    db: Db, actor: Reader, limit: Limit = 100, offset: Offset = 0
) -> Page[OrganisationOut]:
    query = queries.organisations_query(actor.network_id)
    return page_of(db, query, OrganisationOut, limit=limit, offset=offset)


@router.post("/organisations", response_model=OrganisationOut, status_code=201, responses=REFUSED)
def create_organisation(data: OrganisationIn, db: Db, actor: Writer) -> Organisation:
    return service.create_organisation(db, data=data, actor=actor)


@router.get("/organisations/{organisation_id}", response_model=OrganisationOut, responses=FOUND)
def get_organisation(organisation_id: uuid.UUID, db: Db, actor: Reader) -> Organisation:
    return get_in_network(
        db, Organisation, organisation_id, network_id=actor.network_id, label="organisation"
    )


@router.patch(
    "/organisations/{organisation_id}",
    response_model=OrganisationOut,
    responses=FOUND | REFUSED,
)
def update_organisation(
    organisation_id: uuid.UUID, data: OrganisationPatch, db: Db, actor: Writer
) -> Organisation:
    return service.update_organisation(db, organisation_id=organisation_id, data=data, actor=actor)


@router.get("/members", response_model=Page[MemberOut])
def list_members(
    db: Db,
    actor: Reader,
    organisation_id: uuid.UUID | None = None,
    active: bool | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[MemberOut]:
    query = select(Member).where(Member.network_id == actor.network_id)
    if organisation_id is not None:
        query = query.where(Member.organisation_id == organisation_id)
    if active is not None:
        query = query.where(Member.active.is_(active))
    query = query.order_by(Member.name, Member.id)
    return page_of(db, query, MemberOut, limit=limit, offset=offset)


@router.post("/members", response_model=MemberOut, status_code=201, responses=REFUSED)
def create_member(data: MemberIn, db: Db, actor: Writer) -> Member:
    return service.create_member(db, data=data, actor=actor)


@router.get("/members/{member_id}", response_model=MemberOut, responses=FOUND)
def get_member(member_id: uuid.UUID, db: Db, actor: Reader) -> Member:
    return get_in_network(db, Member, member_id, network_id=actor.network_id, label="member")


@router.patch("/members/{member_id}", response_model=MemberOut, responses=FOUND | REFUSED)
def update_member(member_id: uuid.UUID, data: MemberPatch, db: Db, actor: Writer) -> Member:
    return service.update_member(db, member_id=member_id, data=data, actor=actor)


@router.post(
    "/members/{member_id}/revoke-links",
    response_model=MemberOut,
    responses=FOUND | REFUSED,
)
def revoke_member_links(member_id: uuid.UUID, db: Db, actor: Writer) -> Member:
    """Every link mailed to the member so far stops working; new mails carry new links."""
    return service.revoke_links(db, member_id=member_id, actor=actor)

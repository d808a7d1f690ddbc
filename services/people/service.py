"""Organisations and members of a network: create, change, deactivate."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from schemas.people import MemberIn, MemberPatch, OrganisationIn, OrganisationPatch
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import Conflict, Invalid
from services.lookup import get_in_network, get_referenced
from services.people.bounces import clear_failing
from services.people.links import revoke_member_links
from services.people.models import Member, Network, Organisation

SHORT_NAME_LENGTH = 60  # the column's length; a long name is cut for the short one


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _ensure_name_free(
    session: Session, *, name: str, network_id: uuid.UUID | None, own_id: uuid.UUID | None = None
) -> None:
    """Names are unique per network, case aside (a clear 409 instead of a constraint error)."""
    clash = session.scalar(
        select(Organisation.id).where(
            Organisation.network_id == network_id,
            func.lower(Organisation.name) == name.lower(),
            Organisation.id != own_id if own_id is not None else true(),
        )
    )
    if clash is not None:
        raise Conflict("people.organisation_exists", field="name", name=name)


def create_organisation(session: Session, *, data: OrganisationIn, actor: Actor) -> Organisation:
    network_id = actor.network_id
    _ensure_name_free(session, name=data.name, network_id=network_id)
    org = Organisation(
        network_id=network_id,
        name=data.name,
        short_name=data.short_name or data.name[:SHORT_NAME_LENGTH],
        aliases=data.aliases,
        kind=data.kind,
    )
    session.add(org)
    session.flush()
    if data.contact_member_id is not None:
        org.contact_member_id = _member_of(session, data.contact_member_id, org).id
    record_audit(
        session,
        actor=actor,
        action="create",
        entity_type="organisation",
        entity_id=org.id,
        network_id=network_id,
    )
    return org


def update_organisation(
    session: Session, *, organisation_id: uuid.UUID, data: OrganisationPatch, actor: Actor
) -> Organisation:
    org = get_in_network(
        session, Organisation, organisation_id, network_id=actor.network_id, label="organisation"
    )
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is not None:
        _ensure_name_free(session, name=changes["name"], network_id=org.network_id, own_id=org.id)
    if "contact_member_id" in changes and changes["contact_member_id"] is not None:
        _member_of(session, changes["contact_member_id"], org)
    for key, value in changes.items():
        setattr(org, key, value)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="update",
        entity_type="organisation",
        entity_id=org.id,
        network_id=actor.network_id,
        details={"fields": sorted(changes)},
    )
    return org


def _member_of(session: Session, member_id: uuid.UUID, org: Organisation) -> Member:
    member = get_referenced(session, Member, member_id, network_id=org.network_id, label="member")
    if member.organisation_id != org.id:
        raise Invalid(
            "people.contact_outside",
            field="contact_member_id",
        )
    return member


def create_member(session: Session, *, data: MemberIn, actor: Actor) -> Member:
    get_referenced(
        session,
        Organisation,
        data.organisation_id,
        network_id=actor.network_id,
        label="organisation",
    )
    email = normalise_email(str(data.email))
    _ensure_email_free(session, email=email, network_id=actor.network_id)
    member = Member(
        network_id=actor.network_id,
        organisation_id=data.organisation_id,
        name=data.name.strip(),
        email=email,
        role=data.role,
        in_steering_group=data.in_steering_group,
        in_preparatory_group=data.in_preparatory_group,
        language=data.language,
        notification_preferences=data.notification_preferences,
    )
    session.add(member)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="create",
        entity_type="member",
        entity_id=member.id,
        network_id=actor.network_id,
    )
    return member


def update_member(
    session: Session, *, member_id: uuid.UUID, data: MemberPatch, actor: Actor
) -> Member:
    member = get_in_network(session, Member, member_id, network_id=actor.network_id, label="member")
    if member.erased:  # a new name, address or reactivation would undo the erasure
        raise Conflict("people.erased")
    changes = data.model_dump(exclude_unset=True)
    if changes.get("organisation_id") is not None:
        get_referenced(
            session,
            Organisation,
            changes["organisation_id"],
            network_id=actor.network_id,
            label="organisation",
        )
    if changes.get("email") is not None:
        changes["email"] = normalise_email(str(changes["email"]))
        if changes["email"] != member.email:
            _ensure_email_free(session, email=changes["email"], network_id=actor.network_id)
            clear_failing(member)  # a corrected address starts with a clean record
            revoke_member_links(member)  # links sent to the old address stop working
    applied = {
        key: value
        for key, value in changes.items()
        if value is not None or key not in {"email", "organisation_id", "name"}
    }
    # the log names what changed, not every field a full form sent back unchanged
    changed = sorted(key for key, value in applied.items() if getattr(member, key) != value)
    for key, value in applied.items():
        setattr(member, key, value)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="update",
        entity_type="member",
        entity_id=member.id,
        network_id=actor.network_id,
        details={"fields": changed},
    )
    return member


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def create_network(session: Session, *, name: str, slug: str, actor: Actor) -> Network:
    """A new, empty network (organisations, members and accounts are added to it afterwards)."""
    name, slug = name.strip(), slug.strip().lower()
    if not name or len(name) > 200:
        raise Invalid("people.network_name_length", field="name")
    if not SLUG.match(slug) or len(slug) > 80:
        raise Invalid("people.network_slug", field="slug")
    taken = session.scalar(
        select(Network.id).where(
            (func.lower(Network.name) == name.lower()) | (Network.slug == slug)
        )
    )
    if taken is not None:
        raise Conflict("people.network_exists", field="name")
    network = Network(name=name, slug=slug)
    session.add(network)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="create",
        entity_type="network",
        entity_id=network.id,
        network_id=network.id,
    )
    return network


def revoke_links(session: Session, *, member_id: uuid.UUID, actor: Actor) -> Member:
    """The coordinator ends every link the member was sent (a forwarded or leaked mail)."""
    member = get_in_network(session, Member, member_id, network_id=actor.network_id, label="member")
    revoke_member_links(member)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="revoke_links",
        entity_type="member",
        entity_id=member.id,
        network_id=actor.network_id,
    )
    return member


def _ensure_email_free(session: Session, *, email: str, network_id: uuid.UUID | None) -> None:
    taken = session.scalar(
        select(Member.id).where(Member.network_id == network_id, Member.email == email)
    )
    if taken is not None:
        raise Conflict("people.email_taken", field="email")


def network_of(session: Session, network_id: uuid.UUID) -> Network:
    network = session.get(Network, network_id)
    if network is None:
        raise Invalid("people.unknown_network")
    return network

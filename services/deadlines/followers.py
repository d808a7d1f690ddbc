"""Who follows a deadline (the reminders go to them only), and telling them it was withdrawn."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, false, or_, select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.tasks import DeadlineFollowersIn
from services.actors import Actor
from services.audit.service import record_audit
from services.deadlines.mail import DeadlineWithdrawnMail, deadline_item
from services.deadlines.models import Deadline, DeadlineFollower
from services.deadlines.reminders import deadline_audience
from services.errors import Invalid
from services.lookup import get_in_network, get_referenced
from services.notifications.service import Mail, request_mail
from services.people.models import Member, Organisation


def set_deadline_followers(
    session: Session, *, deadline_id: uuid.UUID, data: DeadlineFollowersIn, actor: Actor
) -> list[uuid.UUID]:
    """Everyone (no rows: members who join later follow too), or the active members chosen by
    group, organisation or name, stored one row each; returns who follows now."""
    deadline = get_in_network(
        session, Deadline, deadline_id, network_id=actor.network_id, label="deadline",
        for_update=True,
    )  # fmt: skip
    chosen = [] if data.everyone else _chosen(session, data, actor)
    if not data.everyone and not chosen:
        raise Invalid("deadlines.no_followers", field="followers")
    session.execute(delete(DeadlineFollower).where(DeadlineFollower.deadline_id == deadline.id))
    session.add_all(DeadlineFollower(deadline_id=deadline.id, member_id=m) for m in chosen)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="update",
        entity_type="deadline",
        entity_id=deadline.id,
        network_id=actor.network_id,
        details={"fields": ["followers"], "count": len(chosen)},
    )
    return deadline_audience(session, deadline)


def _chosen(session: Session, data: DeadlineFollowersIn, actor: Actor) -> list[uuid.UUID]:
    """The active members of the network in any chosen group or organisation, or named."""
    for org_id in data.organisation_ids:
        get_referenced(
            session, Organisation, org_id, network_id=actor.network_id, label="organisation"
        )
    for member_id in data.member_ids:
        get_referenced(session, Member, member_id, network_id=actor.network_id, label="member")
    wanted = [
        Member.in_steering_group.is_(True) if "steering" in data.groups else false(),
        Member.in_preparatory_group.is_(True) if "preparatory" in data.groups else false(),
        Member.organisation_id.in_(data.organisation_ids),
        Member.id.in_(data.member_ids),
    ]
    query = select(Member.id).where(
        Member.network_id == actor.network_id, Member.active.is_(True), or_(*wanted)
    )
    return list(session.scalars(query.order_by(Member.name)))


def tell_withdrawn(
    session: Session, deadline: Deadline, *, now: datetime | None = None
) -> list[uuid.UUID]:
    """Before a withdrawn deadline goes: its followers are told, if it had not closed yet."""
    moment = now or utcnow()
    if deadline.closes_at <= moment:
        return []
    audience = deadline_audience(session, deadline)
    payload = DeadlineWithdrawnMail(deadline_id=deadline.id, deadline=deadline_item(deadline))
    mails = Mail.to_each(
        payload, audience, key=f"deadline_withdrawn:{deadline.id}", subject_id=deadline.id
    )
    request_mail(session, network_id=deadline.network_id, mails=mails, now=moment)
    return audience

"""Erasing a member (GDPR art. 17): contact data, mails and links go; what the network did
together (minutes, tasks, answers, attendance) stays, by a placeholder with no name.

The member's row itself becomes that placeholder ("Borttagen deltagare", no address, inactive,
in the same organisation): every row that pointed at the member now points at no one, and the
counts per organisation, meeting and survey are what they were.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Table, Text, cast, delete, func, select, update
from sqlalchemy.orm import Session

from infra.db import Base
from services.actors import Actor
from services.audit.service import record_audit
from services.deadlines.models import DeadlineFollower
from services.lookup import get_in_network
from services.notifications.models import Notification
from services.people.links import revoke_member_links
from services.people.models import ERASED_DOMAIN, ERASED_NAME, Member, Organisation
from services.privacy.tables import is_json, text_columns

PLACEHOLDER = ERASED_NAME
MIN_NAME_LENGTH = 5  # shorter names ("Bo") would be replaced inside other words
# Staff accounts are no member's data (a coordinator's may share the address): see deactivate.
NOT_SCRUBBED = frozenset({"user_account", "network_membership", "api_token"})


def erase_member(session: Session, *, member_id: uuid.UUID, actor: Actor) -> Member:
    """Contact data, queued and sent mails, links and subscriptions go; mentions of the name
    and address in the network's texts are replaced. The audit keeps only that it happened."""
    member = get_in_network(session, Member, member_id, network_id=actor.network_id, label="member")
    needles = [member.email]
    if len(member.name.strip()) >= MIN_NAME_LENGTH:
        needles.append(member.name.strip())
    session.execute(delete(Notification).where(Notification.recipient_member_id == member.id))
    session.execute(delete(DeadlineFollower).where(DeadlineFollower.member_id == member.id))
    session.execute(
        update(Organisation)
        .where(Organisation.contact_member_id == member.id)
        .values(contact_member_id=None)
    )
    member.name = PLACEHOLDER
    member.email = f"borttagen-{member.id.hex[:12]}{ERASED_DOMAIN}"
    member.active = False
    member.notification_preferences = {}
    revoke_member_links(member)
    session.flush()
    scrub_mentions(session, network_id=member.network_id, needles=needles)
    record_audit(
        session,
        actor=actor,
        action="erase",
        entity_type="member",
        entity_id=member.id,
        network_id=member.network_id,
    )
    session.expire_all()
    return member


def is_erased(member: Member) -> bool:
    """An erased member stays as a placeholder row for the counts, but is nobody to list."""
    return member.erased


def scrub_mentions(session: Session, *, network_id: uuid.UUID, needles: list[str]) -> None:
    """Replace each needle in every text and JSON column of the network's rows, found by a
    network_id or through the rows they belong to (minutes → meeting); JSON escaped or not."""
    forms = {form for needle in needles for form in (needle, json.dumps(needle)[1:-1])}
    for table in Base.metadata.sorted_tables:
        scope = None if table.name in NOT_SCRUBBED else _in_network(table, network_id, depth=3)
        if scope is None:
            continue  # no way to the network: ids and hashes only (login attempts, inboxes)
        for column in text_columns(table):
            for needle in sorted(forms):
                as_text = cast(column, Text)
                replaced = func.replace(as_text, needle, PLACEHOLDER)
                value = cast(replaced, column.type) if is_json(column) else replaced
                session.execute(
                    update(table)
                    .where(scope, as_text.contains(needle))
                    .values({column.name: value})
                    .execution_options(synchronize_session=False)
                )


def _in_network(table: Table, network_id: uuid.UUID, *, depth: int) -> Any:
    """A condition selecting the table's rows of the network, or None when none is found."""
    if table.name == "network":
        return table.c.id == network_id
    if "network_id" in table.c:
        return table.c.network_id == network_id
    if depth == 0:
        return None
    for column in table.columns:
        for fk in column.foreign_keys:
            parent = fk.column.table
            if parent is table or parent.name == "member":
                continue
            inner = _in_network(parent, network_id, depth=depth - 1)
            if inner is not None:
                return column.in_(select(fk.column).where(inner))
    return None

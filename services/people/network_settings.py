"""A network's own settings: delivery channel, organiser mailbox and reminder days."""

from __future__ import annotations

from sqlalchemy.orm import Session

from infra.settings import get_settings
from schemas.people import NetworkSettingsIn
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import Invalid
from services.people.models import DeliveryChannel, Network
from services.people.service import network_of, normalise_email

TASK_REMINDER_DAYS = 3  # a network that chose nothing: the reminder 3 days before the due date


def task_reminder_days(network: Network | None) -> int:
    """Days before a task's due date that its first reminder goes out (0: only on the day)."""
    if network is None or network.task_reminder_days is None:
        return TASK_REMINDER_DAYS
    return network.task_reminder_days


def deadline_reminder_days(network: Network | None) -> list[int]:
    """Working days before a deadline closes that its reminders go out, furthest first."""
    chosen = network.deadline_reminder_days if network is not None else None
    days = chosen or get_settings().deadline_reminder_working_days
    return sorted(set(days), reverse=True)


def update_network_settings(
    session: Session, *, data: NetworkSettingsIn, actor: Actor, graph_mailbox: str | None = None
) -> Network:
    """Microsoft 365 needs a mailbox to send from: the network's own, or the operator's."""
    if actor.network_id is None:
        raise Invalid("people.unknown_network")
    network = network_of(session, actor.network_id)
    mailbox = normalise_email(str(data.organiser_mailbox)) if data.organiser_mailbox else None
    channel = DeliveryChannel(data.delivery_channel)
    if channel == DeliveryChannel.microsoft365 and not (mailbox or graph_mailbox):
        raise Invalid("people.mailbox_required", field="organiser_mailbox")
    before = {
        "delivery_channel": network.delivery_channel,
        "organiser_mailbox": network.organiser_mailbox,
        "task_reminder_days": task_reminder_days(network),
        "deadline_reminder_days": deadline_reminder_days(network),
    }
    network.delivery_channel = channel
    network.organiser_mailbox = mailbox
    network.task_reminder_days = data.task_reminder_days
    network.deadline_reminder_days = sorted(set(data.deadline_reminder_days), reverse=True)
    after = {
        "delivery_channel": network.delivery_channel,
        "organiser_mailbox": network.organiser_mailbox,
        "task_reminder_days": network.task_reminder_days,
        "deadline_reminder_days": network.deadline_reminder_days,
    }
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="update_settings",
        entity_type="network",
        entity_id=network.id,
        network_id=network.id,
        details={"fields": sorted(k for k in after if after[k] != before[k])},
    )
    return network

"""A network's own settings: delivery channel, organiser mailbox, reminder days and the window
in which mail that is not urgent goes out."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from infra.clock import utcnow
from infra.settings import get_settings
from schemas.people import NetworkSettingsIn
from services.actors import Actor
from services.audit.service import record_audit
from services.errors import Invalid
from services.notifications.formatting import WORKING_HOURS
from services.notifications.quiet_hours import bring_forward_waiting, window_of
from services.people.models import DeliveryChannel, Network
from services.people.service import network_of, normalise_email

TASK_REMINDER_DAYS = 3  # a network that chose nothing: the reminder 3 days before the due date
SHORTEST_WINDOW_H = 1  # a shorter sending window would hold a busy network's mail for days


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


def _minutes(clock: time | None) -> time | None:
    """Stockholm wall-clock minutes: seconds and a UTC offset sent to the API are dropped."""
    return clock.replace(second=0, microsecond=0, tzinfo=None) if clock else None


def _window(data: NetworkSettingsIn) -> dict[str, Any]:
    """The sending window as it will be stored; refused unless it lasts an hour or more."""
    start, end = _minutes(data.send_from), _minutes(data.send_until)
    opens, closes = start or WORKING_HOURS.start, end or WORKING_HOURS.end
    day = date(2000, 1, 1)  # any day: only the difference of the two clocks counts
    length = datetime.combine(day, closes) - datetime.combine(day, opens)
    if length.total_seconds() < SHORTEST_WINDOW_H * 3600:
        raise Invalid("people.send_window_short", field="send_until", hours=SHORTEST_WINDOW_H)
    return {
        "send_from": start,
        "send_until": end,
        "send_on_weekends": data.send_on_weekends,
        "send_on_holidays": data.send_on_holidays,
    }


def _effective(network: Network) -> dict[str, Any]:
    """What the network does now, defaults filled in, so saving the defaults changes nothing."""
    window = window_of(network)
    return {
        "delivery_channel": network.delivery_channel,
        "organiser_mailbox": network.organiser_mailbox,
        "task_reminder_days": task_reminder_days(network),
        "deadline_reminder_days": deadline_reminder_days(network),
        "send_from": window.start,
        "send_until": window.end,
        "send_on_weekends": window.weekends,
        "send_on_holidays": window.holidays,
    }


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
    window = _window(data)
    before, old_window = _effective(network), window_of(network)
    network.delivery_channel = channel
    network.organiser_mailbox = mailbox
    network.task_reminder_days = data.task_reminder_days
    network.deadline_reminder_days = sorted(set(data.deadline_reminder_days), reverse=True)
    for name, value in window.items():
        setattr(network, name, value)
    after = _effective(network)
    session.flush()
    if window_of(network) != old_window:
        bring_forward_waiting(
            session, network_id=network.id, window=window_of(network), now=utcnow()
        )
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

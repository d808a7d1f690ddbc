"""A network's reminder days, set on the settings page, are what the task and deadline timers
are armed with; a network that chose nothing keeps the old defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.people import NetworkSettingsIn
from schemas.tasks import DeadlineIn, TaskIn
from services.actors import Actor
from services.deadlines.service import rearm_deadline_reminders, register_deadline
from services.errors import Invalid
from services.events.models import Timer
from services.notifications.formatting import morning, working_days_before
from services.people.models import DeliveryChannel, Network
from services.people.network_settings import update_network_settings
from services.tasks.service import create_task, local_morning, rearm_task_reminders
from tests.support.factories import make_member, make_network, make_organisation

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _actor(network: Network) -> Actor:
    return Actor(kind="user", id=None, network_id=network.id, role="coordinator")


def _timers(db: Session, subject_id: object) -> dict[str, datetime]:
    rows = db.scalars(
        select(Timer).where(Timer.subject_id == subject_id, Timer.cancelled_at.is_(None))
    )
    return {t.key.rsplit(":", 1)[0]: t.due_at for t in rows}


def _settings(**values: object) -> NetworkSettingsIn:
    return NetworkSettingsIn.model_validate({"delivery_channel": "smtp", **values})


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("days", [None, 7, 0])
def test_a_tasks_first_reminder_follows_the_networks_days(db: Session, days: int | None) -> None:
    network = make_network(db)
    anna = make_member(db, make_organisation(db, network))
    if days is not None:
        update_network_settings(db, data=_settings(task_reminder_days=days), actor=_actor(network))
    due = date(2027, 1, 20)
    task = create_task(
        db, data=TaskIn(title="Skicka ut", owner_member_id=anna.id, due_date=due),
        actor=_actor(network),
    )  # fmt: skip
    db.flush()
    timers = _timers(db, task.id)
    assert timers["task.reminder_due"] == local_morning(due)
    if days == 0:
        assert "task.reminder_before" not in timers
    else:
        before = 3 if days is None else days
        assert timers["task.reminder_before"] == local_morning(due - timedelta(days=before))


@time_machine.travel(NOW, tick=False)
def test_deadline_reminders_follow_the_networks_working_days(db: Session) -> None:
    network = make_network(db)
    update_network_settings(
        db, data=_settings(deadline_reminder_days=[2, 10, 10]), actor=_actor(network)
    )
    assert network.deadline_reminder_days == [10, 2]
    closes = datetime(2027, 2, 26, 15, 0, tzinfo=UTC)
    deadline = register_deadline(
        db, data=DeadlineIn(title="Utlysning", closes_at=closes), actor=_actor(network)
    )
    db.flush()
    closing = {
        t.due_at
        for t in db.scalars(select(Timer).where(Timer.subject_id == deadline.id))
        if t.kind == "deadline.closing"
    }
    day = closes.date()
    assert closing == {morning(working_days_before(day, 10)), morning(working_days_before(day, 2))}


def test_microsoft_365_without_any_mailbox_is_refused_before_anything_changes(
    db: Session,
) -> None:
    network = make_network(db)
    with pytest.raises(Invalid) as raised:
        update_network_settings(
            db, data=_settings(delivery_channel="microsoft365"), actor=_actor(network)
        )
    assert raised.value.field == "organiser_mailbox"
    assert network.delivery_channel == DeliveryChannel.smtp
    done = update_network_settings(
        db,
        data=_settings(delivery_channel="microsoft365"),
        actor=_actor(network),
        graph_mailbox="drift@example.org",
    )  # the operator's mailbox will do
    assert done.delivery_channel == DeliveryChannel.microsoft365
    assert done.organiser_mailbox is None


@time_machine.travel(NOW, tick=False)
def test_changed_days_move_the_reminders_of_open_tasks_and_deadlines(db: Session) -> None:
    network = make_network(db)
    anna = make_member(db, make_organisation(db, network))
    soon, later = date(2026, 12, 7), date(2027, 1, 20)  # 5 and 49 days ahead
    tasks = [
        create_task(
            db,
            data=TaskIn(title=f"Uppgift {d}", owner_member_id=anna.id, due_date=d),
            actor=_actor(network),
        )
        for d in (soon, later)
    ]
    closes = datetime(2027, 2, 26, 15, 0, tzinfo=UTC)
    deadline = register_deadline(
        db, data=DeadlineIn(title="Utlysning", closes_at=closes), actor=_actor(network)
    )
    update_network_settings(
        db,
        data=_settings(task_reminder_days=10, deadline_reminder_days=[5]),
        actor=_actor(network),
    )
    assert rearm_task_reminders(db, network_id=network.id) == 2
    assert rearm_deadline_reminders(db, network_id=network.id) == 1
    # 10 days before the near task is already past: not sent late, the day's reminder stays
    near, far = (_timers(db, t.id) for t in tasks)
    assert "task.reminder_before" not in near
    assert near["task.reminder_due"] == local_morning(soon)
    assert far["task.reminder_before"] == local_morning(later - timedelta(days=10))
    closing = {
        t.due_at
        for t in db.scalars(
            select(Timer).where(Timer.subject_id == deadline.id, Timer.cancelled_at.is_(None))
        )
        if t.kind == "deadline.closing"
    }
    assert closing == {morning(working_days_before(closes.date(), 5))}


@pytest.mark.parametrize(
    ("start", "end"), [("17:00", "08:00"), ("09:00", "09:59"), (None, "08:30"), ("16:30", None)]
)
def test_a_sending_window_shorter_than_an_hour_is_refused_before_anything_changes(
    db: Session, start: str | None, end: str | None
) -> None:
    network = make_network(db)
    data = _settings(send_from=start, send_until=end, task_reminder_days=9)
    with pytest.raises(Invalid) as refused:
        update_network_settings(db, data=data, actor=_actor(network))
    assert (refused.value.message_code, refused.value.field) == (
        "people.send_window_short",
        "send_until",
    )
    assert (network.task_reminder_days, network.send_from, network.send_until) == (None,) * 3


def test_a_window_sent_with_seconds_and_an_offset_is_kept_as_stockholm_minutes(db: Session) -> None:
    network = make_network(db)
    data = _settings(send_from="07:30:45+01:00", send_until="18:00:00")
    update_network_settings(db, data=data, actor=_actor(network))
    assert (network.send_from, network.send_until) == (time(7, 30), time(18, 0))

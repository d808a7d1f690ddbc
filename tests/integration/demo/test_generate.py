"""The bulk generator writes what the services would have written: their timers, their keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from infra.db import session_factory
from schemas.events import TaskCreated
from schemas.tasks import TaskIn
from services.actors import Actor
from services.demo.generate import Plan, generate
from services.events.consumers import process_batch
from services.events.models import Timer
from services.events.service import record_event
from services.notifications.models import Notification
from services.registry import REACTIONS
from services.tasks.models import Task
from services.tasks.service import create_task
from tests.support.database import create_test_database, drop_test_database, migrated_engine

NOW = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
TODAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def generated() -> Iterator[Engine]:
    """Two small networks in a database of their own (the generator commits its chunks)."""
    name, url = create_test_database()
    engine = migrated_engine(url)
    with time_machine.travel(NOW, tick=False):
        plan = Plan(networks=2, years=1, members_per_network=8, seed=7, chunk_networks=1)
        result = generate(engine, plan)
    assert result.counts["network"] == 2
    assert result.tasks > 20
    yield engine
    engine.dispose()
    drop_test_database(name)


def _open_task_due_later(session: Session) -> Task:
    task = session.scalars(
        select(Task)
        .where(Task.status == "open", Task.due_date > TODAY, Task.owner_member_id.is_not(None))
        .order_by(Task.due_date)
    ).first()
    assert task is not None, "the plan should leave open tasks due after today"
    return task


def _timers(session: Session, task: Task) -> list[tuple[str, datetime, str]]:
    rows = session.scalars(select(Timer).where(Timer.subject_id == task.id)).all()
    return sorted((t.kind, t.due_at, t.key.replace(str(task.id), "ID")) for t in rows)


@time_machine.travel(NOW, tick=False)
def test_a_generated_task_has_the_timers_create_task_arms(generated: Engine) -> None:
    with session_factory(generated)() as session:
        made = _open_task_due_later(session)
        actor = Actor(kind="system", network_id=made.network_id)
        data = TaskIn(
            title="Samma förfallodag",
            owner_organisation_id=made.owner_organisation_id,
            due_date=made.due_date,
        )
        real = create_task(session, data=data, actor=actor)
        assert _timers(session, made) == _timers(session, real)
        assert len(_timers(session, real)) == 3
        session.rollback()


@time_machine.travel(NOW, tick=False)
def test_the_services_do_not_mail_again_what_the_generator_says_was_sent(
    generated: Engine,
) -> None:
    factory = session_factory(generated)
    with factory.begin() as session:
        task = _open_task_due_later(session)
        before = session.scalar(select(func.count()).select_from(Notification))
        assigned = session.scalars(
            select(Notification.status).where(
                Notification.subject_id == task.id, Notification.kind == "task_assigned"
            )
        ).all()
        row = record_event(
            session,
            payload=TaskCreated(task_id=task.id, due_date=task.due_date),
            aggregate_type="task",
            aggregate_id=task.id,
            network_id=task.network_id,
            actor=Actor(kind="system", network_id=task.network_id),
        )
    assert len(assigned) == 1
    process_batch(factory, [row.id], reactions=REACTIONS)  # the real task_mail consumer
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == before


def test_no_generated_mail_waits_to_be_sent(generated: Engine) -> None:
    """Only the asking domain can fill a mail's payload: the generator writes history only."""
    with session_factory(generated)() as session:
        statuses = set(session.scalars(select(Notification.status).distinct()))
        assert statuses
        assert statuses <= {"sent", "failed"}
        latest = session.scalar(select(func.max(Notification.send_after)))
        assert latest is not None
        assert latest <= NOW

"""Due timers fire as sets: task timers cost the same statements for 10 tasks as for 50, and a
set handler that fails falls back to one timer at a time, so only the bad timer dead-letters."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from schemas.tasks import TaskIn, TaskPatch
from services.actors import Actor
from services.events.models import DeadLetter, DomainEvent, Timer
from services.events.reactions import Reactions, marks_of, on_timers
from services.events.timer_runner import fire_due_timers
from services.events.timers import DueTimer, TimerSpec, set_timers
from services.notifications.models import Notification
from services.registry import REACTIONS
from services.tasks.models import Task, TaskStatus
from services.tasks.service import create_tasks, update_task
from tests.integration.notifications.conftest import local
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.queries import counted


def _tasks(session_maker: sessionmaker[Session], n: int, due: date) -> tuple[uuid.UUID, Actor]:
    """`n` open tasks due on `due` in a network of their own, one owner each."""
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Ale")
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        owners = [make_member(session, org, f"Ägare {i}") for i in range(n)]
        items = [
            (TaskIn(title=f"Uppgift {i}", owner_member_id=o.id, due_date=due), None)
            for i, o in enumerate(owners)
        ]
        create_tasks(session, items=items, actor=actor)
        session.commit()
        return network.id, actor


def _fire_counted(
    session_maker: sessionmaker[Session], connection: Connection, n: int, due: date
) -> int:
    """Statements to fire the reminders before and on the day and the first overdue check of
    `n` tasks, all due at once; their effects are checked, then the tasks are done."""
    network_id, actor = _tasks(session_maker, n, due)
    now = local(due + timedelta(days=1), 0, 30)
    with counted(connection) as statements:
        fired = fire_due_timers(session_maker, None, reactions=REACTIONS, now=now)
    assert fired == 3 * n
    with session_maker() as session:
        kinds = session.execute(
            select(Notification.kind, func.count())
            .where(Notification.network_id == network_id)
            .group_by(Notification.kind)
        ).all()
        assert dict(kinds) == {"task_reminder": 2 * n, "task_overdue": n}
        overdue_events = session.scalar(
            select(func.count()).where(
                DomainEvent.network_id == network_id, DomainEvent.type == "task.overdue"
            )
        )
        assert overdue_events == n
        rearmed = session.scalars(
            select(Timer.due_at).where(
                Timer.network_id == network_id,
                Timer.kind == "task.overdue",
                Timer.fired_at.is_(None),
            )
        ).all()
        assert len(rearmed) == n
        assert {d.astimezone(LOCAL_TZ).date() for d in rearmed} == {due + timedelta(days=2)}
        for task_id in session.scalars(select(Task.id).where(Task.network_id == network_id)):
            update_task(
                session, task_id=task_id, data=TaskPatch(status=TaskStatus.done), actor=actor
            )
        session.commit()
    return len(statements)


def test_task_timers_fire_in_as_many_statements_for_fifty_as_for_ten(
    session_maker: sessionmaker[Session], connection: Connection
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    ten = _fire_counted(session_maker, connection, 10, today + timedelta(days=20))
    fifty = _fire_counted(session_maker, connection, 50, today + timedelta(days=40))
    assert ten == fifty, (ten, fifty)
    assert fifty < 50, fifty  # one timer at a time was several statements per timer


FAILING = "test.fails_for_one"


def test_a_failing_set_falls_back_to_one_timer_at_a_time(
    session_maker: sessionmaker[Session],
) -> None:
    bad = uuid.uuid4()
    calls: list[int] = []

    @on_timers(FAILING)
    def follow_up(session: Session, timers: Sequence[DueTimer], now: datetime) -> None:
        calls.append(len(timers))
        if any(timer.subject_id == bad for timer in timers):
            raise ValueError("this one is broken")
        later = now + timedelta(days=365)
        set_timers(
            session,
            [
                TimerSpec("test.after", t.subject_id, later, None, f"after:{t.subject_id}")
                for t in timers
            ],
        )

    reactions = Reactions(marks_of([follow_up]))
    subjects = [uuid.uuid4(), bad, uuid.uuid4()]
    now = datetime.now(UTC)
    with session_maker() as session:
        specs = [
            TimerSpec(FAILING, s, now - timedelta(minutes=1), None, f"{FAILING}:{s}")
            for s in subjects
        ]
        set_timers(session, specs)
        session.commit()
    fire_due_timers(session_maker, None, reactions=reactions, now=now)
    assert calls == [3, 1, 1, 1]  # the set, then each alone
    with session_maker() as session:
        after = set(session.scalars(select(Timer.subject_id).where(Timer.kind == "test.after")))
        assert after == {subjects[0], subjects[2]}
        timer_ids = session.scalars(select(Timer.id).where(Timer.kind == FAILING)).all()
        letters = session.scalars(
            select(DeadLetter).where(DeadLetter.subject_id.in_(timer_ids))
        ).all()
        assert [letter.task_name for letter in letters] == [f"timer:{FAILING}"]
        failed = session.get(Timer, letters[0].subject_id)
        assert failed is not None
        assert failed.subject_id == bad

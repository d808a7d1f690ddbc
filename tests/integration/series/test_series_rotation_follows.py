"""'Kommun i fokus' tasks follow their meeting: moved with it, cancelled with it (consumer)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.events.consumers import process_batch
from services.events.models import DomainEvent
from services.registry import REACTIONS
from services.series.models import MeetingSeries
from services.series.rotation import sync_presenter_task
from services.tasks.models import Task, TaskStatus
from tests.integration.notifications.conftest import run_consumers
from tests.integration.series.conftest import People
from tests.integration.series.helpers import count_events, local_day
from tests.integration.series.test_series_rotation import presenter_tasks, rotate, schedule


def by_meeting(db: Session) -> dict[uuid.UUID, Task]:
    db.expire_all()
    tasks = presenter_tasks(db) + presenter_tasks(db, TaskStatus.cancelled)
    return {t.source_meeting_id: t for t in tasks if t.source_meeting_id is not None}


def test_presenter_task_moves_with_the_meeting_and_goes_with_its_cancellation(
    client: TestClient,
    db: Session,
    session_maker: sessionmaker[Session],
    series: MeetingSeries,
    people: People,
    next_term: str,
) -> None:
    body = {"term": next_term, "count": 3, "adjacent": {"kind": "steering"}}
    proposed = client.post(f"/api/series/{series.id}/proposal", json=body).json()["meetings"]
    network: list[dict[str, Any]] = [m for m in proposed if m["kind"] == "network"]
    assert rotate(client, series, people.kungalv, people.ale).status_code == 200
    schedule(client, network)
    run_consumers(session_maker)
    tasks = by_meeting(db)
    assert len(tasks) == 3
    first, second, third = (uuid.UUID(m["id"]) for m in network)

    # Moved two weeks later: the task's due date moves along (still 3 weeks before).
    starts = datetime.fromisoformat(network[0]["starts_at"]) + timedelta(days=14)
    ends = datetime.fromisoformat(network[0]["ends_at"]) + timedelta(days=14)
    moved = client.post(
        f"/api/meetings/{first}/reschedule",
        json={"starts_at": starts.isoformat(), "ends_at": ends.isoformat()},
    )
    assert moved.status_code == 200, moved.text
    run_consumers(session_maker)
    tasks = by_meeting(db)
    assert tasks[first].due_date == local_day(starts) - timedelta(weeks=3)
    assert tasks[first].status == TaskStatus.open
    assert tasks[first].owner_organisation_id == people.kungalv.id
    assert tasks[second].due_date == local_day(network[1]["starts_at"]) - timedelta(weeks=3)

    # Cancelled: its task is cancelled, the others stay open.
    assert client.post(f"/api/meetings/{second}/cancel", json={}).status_code == 200
    run_consumers(session_maker)
    tasks = by_meeting(db)
    assert tasks[second].status == TaskStatus.cancelled
    assert tasks[first].status == tasks[third].status == TaskStatus.open
    assert count_events(db, "task.created") == 3  # moved and cancelled, never duplicated


def test_the_consumer_is_idempotent_on_redelivery(
    client: TestClient,
    db: Session,
    session_maker: sessionmaker[Session],
    series: MeetingSeries,
    people: People,
    next_term: str,
) -> None:
    body = {"term": next_term, "count": 2}
    network = client.post(f"/api/series/{series.id}/proposal", json=body).json()["meetings"]
    rotate(client, series, people.ale)
    schedule(client, network)  # meeting.scheduled: the consumer creates the tasks
    with session_maker() as session:
        scheduled = list(
            session.scalars(select(DomainEvent.id).where(DomainEvent.type == "meeting.scheduled"))
        )
    process_batch(session_maker, scheduled, reactions=REACTIONS)
    process_batch(session_maker, scheduled, reactions=REACTIONS)  # the broker delivers it again
    assert len(presenter_tasks(db)) == 2
    with session_maker() as session:  # and the service itself, called twice, changes nothing
        meeting_id = uuid.UUID(network[0]["id"])
        now = datetime.fromisoformat(network[0]["starts_at"]) - timedelta(days=60)
        one = sync_presenter_task(session, meeting_id=meeting_id, now=now)
        two = sync_presenter_task(session, meeting_id=meeting_id, now=now)
        assert one is not None
        assert two is not None
        assert one.id == two.id
        session.commit()
    assert count_events(db, "task.created") == 2

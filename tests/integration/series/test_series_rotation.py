"""'Kommun i fokus': presenters in rotation order, on the agenda, with a task 3 weeks before."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.minutes.models import ActionKind
from services.series.models import MeetingSeries
from services.tasks.models import Task, TaskStatus
from tests.integration.notifications.conftest import run_consumers
from tests.integration.series.conftest import People
from tests.integration.series.helpers import count_events, local_day


@pytest.fixture
def proposal(client: TestClient, series: MeetingSeries, next_term: str) -> list[dict[str, Any]]:
    body = {"term": next_term, "count": 3, "adjacent": {"kind": "steering"}}
    response = client.post(f"/api/series/{series.id}/proposal", json=body)
    assert response.status_code == 201, response.text
    return [m for m in response.json()["meetings"] if m["kind"] == "network"]


def presenter_tasks(db: Session, status: TaskStatus = TaskStatus.open) -> list[Task]:
    db.expire_all()
    query = select(Task).where(Task.kind == ActionKind.present_next_meeting, Task.status == status)
    return list(db.scalars(query.order_by(Task.due_date)))


def schedule(client: TestClient, meetings: list[dict[str, Any]]) -> None:
    """The dates are announced (what closing the consent round does)."""
    for meeting in meetings:
        response = client.post(f"/api/meetings/{meeting['id']}/schedule")
        assert response.status_code == 200, response.text


def rotate(client: TestClient, series: MeetingSeries, *orgs: object) -> Any:
    ids = [str(getattr(o, "id", o)) for o in orgs]
    return client.post(f"/api/series/{series.id}/rotation", json={"organisation_ids": ids})


def test_rotation_puts_presenters_on_the_agenda_with_a_task_three_weeks_before(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    proposal: list[dict[str, Any]],
) -> None:
    response = rotate(client, series, people.kungalv, people.ale)
    assert response.status_code == 200, response.text
    assert [a["task_id"] for a in response.json()["assignments"]] == [None] * 3
    assert presenter_tasks(db) == []  # proposed dates may still change: no task yet
    schedule(client, proposal)
    response = rotate(client, series, people.kungalv, people.ale)
    assignments = response.json()["assignments"]
    expected = [people.kungalv.id, people.ale.id, people.kungalv.id]
    assert [a["organisation_id"] for a in assignments] == [str(o) for o in expected]
    assert [a["meeting_id"] for a in assignments] == [m["id"] for m in proposal]
    for meeting, org in zip(proposal, expected, strict=True):
        shown = client.get(f"/api/meetings/{meeting['id']}").json()
        assert shown["presenter_organisation_id"] == str(org)
        agenda = client.get(f"/api/meetings/{meeting['id']}/agenda").json()
        name = "Kungälv" if org == people.kungalv.id else "Ale"
        assert [(a["title"], a["presenter_organisation_id"]) for a in agenda] == [
            (f"Kommun i fokus: {name}", str(org))
        ]
    tasks = presenter_tasks(db)
    assert [t.owner_organisation_id for t in tasks] == expected
    for task, meeting in zip(tasks, proposal, strict=True):
        assert task.due_date == local_day(meeting["starts_at"]) - timedelta(weeks=3)
        assert task.source_meeting_id == uuid.UUID(meeting["id"])


def test_rotation_is_idempotent_and_a_new_order_hands_tasks_over(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    proposal: list[dict[str, Any]],
) -> None:
    schedule(client, proposal)
    rotate(client, series, people.kungalv, people.ale)
    rotate(client, series, people.kungalv, people.ale)
    assert len(presenter_tasks(db)) == 3
    assert count_events(db, "task.created") == 3
    rotate(client, series, people.ale)
    assert [t.owner_organisation_id for t in presenter_tasks(db)] == [people.ale.id] * 3
    assert len(presenter_tasks(db, TaskStatus.cancelled)) == 2
    agenda = client.get(f"/api/meetings/{proposal[0]['id']}/agenda").json()
    assert [a["title"] for a in agenda] == ["Kommun i fokus: Ale"]


def test_a_new_proposal_keeps_the_rotation_and_drops_the_old_tasks(
    client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    proposal: list[dict[str, Any]],
    next_term: str,
    session_maker: sessionmaker[Session],
) -> None:
    rotate(client, series, people.ale, people.kungalv)
    body = {"term": next_term, "count": 2, "weekdays": ["tue"]}
    meetings = client.post(f"/api/series/{series.id}/proposal", json=body).json()["meetings"]
    presenters = [m["presenter_organisation_id"] for m in meetings]
    assert presenters == [str(people.ale.id), str(people.kungalv.id)]
    assert presenter_tasks(db) == []  # the tasks come when the new dates are scheduled
    schedule(client, meetings)
    run_consumers(session_maker)  # meeting.scheduled → the rotation consumer
    tasks = presenter_tasks(db)
    assert [t.source_meeting_id for t in tasks] == [uuid.UUID(m["id"]) for m in meetings]
    assert [t.owner_organisation_id for t in tasks] == [people.ale.id, people.kungalv.id]


def test_unknown_or_repeated_organisations_are_422_listing_the_choices(
    client: TestClient, db: Session, series: MeetingSeries, people: People
) -> None:
    unknown = rotate(client, series, people.ale, uuid.uuid4())
    assert unknown.status_code == 422
    assert f"Ale={people.ale.id}" in unknown.json()["detail"]
    assert f"Kungälv={people.kungalv.id}" in unknown.json()["detail"]
    twice = rotate(client, series, people.ale, people.ale)
    assert twice.status_code == 422
    assert "twice" in twice.json()["detail"]
    assert rotate(client, series).status_code == 422
    db.expire_all()
    assert db.get(MeetingSeries, series.id).presenter_rotation == []  # type: ignore[union-attr]

"""The event pipeline end to end: real PostgreSQL, a real broker, a real Celery worker process."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from celery import Celery
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from schemas.minutes import ActionItem as ExtractedAction
from schemas.minutes import MinutesDate, MinutesExtraction
from services.actors import Actor
from services.events.models import DomainEvent, ProcessedEvent
from services.events.outbox import unit_of_work
from services.meetings.models import MeetingStatus
from services.meetings.service import mark_held, schedule_meeting
from services.minutes.service import approve_minutes, save_reviewed_minutes
from services.notifications.models import Notification
from services.tasks.models import Task
from tests.support.factories import make_meeting, make_member, make_network, make_organisation
from tests.support.worker import CeleryProcess, wait_for
from workers.celery_app import make_celery
from workers.context import CeleryPublisher


def publisher_for(env: dict[str, str]) -> CeleryPublisher:
    app: Celery = make_celery(
        Settings(broker_url=env["SAMVERKAN_BROKER_URL"], queue_name=env["SAMVERKAN_QUEUE_NAME"])
    )
    return CeleryPublisher(app)


def count(factory: sessionmaker[Session], query: object) -> int:
    with factory() as session:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def seed_held_meeting(factory: sessionmaker[Session]) -> tuple[uuid.UUID, Actor, int]:
    """A network with 3 members and a meeting that was held an hour ago."""
    with unit_of_work(factory) as session:
        network = make_network(session)
        ale = make_organisation(session, network, "Ale")
        lerum = make_organisation(session, network, "Lerum")
        for org in (ale, lerum, ale):
            member = make_member(session, org)
            org.contact_member_id = org.contact_member_id or member.id
        meeting = make_meeting(session, network, days_ahead=-0.1, status=MeetingStatus.scheduled)
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        mark_held(session, meeting_id=meeting.id, actor=actor)
        return meeting.id, actor, 3


def test_minutes_approved_creates_each_task_once_even_when_delivered_twice(
    pipeline_factory: sessionmaker[Session], celery_worker: tuple[CeleryProcess, dict[str, str]]
) -> None:
    worker, env = celery_worker
    publisher = publisher_for(env)
    meeting_id, actor, _ = seed_held_meeting(pipeline_factory)
    extraction = MinutesExtraction(
        meeting_date=date.today(),
        action_items=[
            ExtractedAction(
                text="PP-bilderna mejlas ut till nätverket",
                kind="send_material",
                owner_organisation="Ale",
            ),
            ExtractedAction(
                text="Lerum återkommer om studiebesök",
                kind="follow_up",
                owner_organisation="Lerum",
                due=date.today() + timedelta(days=30),
            ),
        ],
        dates=[
            MinutesDate(
                date=date.today() + timedelta(days=40), kind="deadline", text="ansökan senast"
            )
        ],
    )
    with unit_of_work(pipeline_factory, publisher) as session:
        save_reviewed_minutes(session, meeting_id=meeting_id, extraction=extraction, actor=actor)
        approve_minutes(session, meeting_id=meeting_id, actor=actor)
    tasks_of_meeting = (
        select(func.count()).select_from(Task).where(Task.source_meeting_id == meeting_id)
    )
    wait_for(
        lambda: count(pipeline_factory, tasks_of_meeting) == 2,
        timeout=30,
        what="two follow-up tasks",
        worker=worker,
    )
    with pipeline_factory() as session:
        approved = session.scalars(
            select(DomainEvent.id).where(
                DomainEvent.type == "minutes.approved", DomainEvent.aggregate_id == meeting_id
            )
        ).one()
    publisher.send([approved])
    publisher.send([approved])
    inbox = (
        select(func.count()).select_from(ProcessedEvent).where(ProcessedEvent.event_id == approved)
    )
    wait_for(
        lambda: count(pipeline_factory, inbox) >= 1, timeout=10, what="inbox row", worker=worker
    )
    task_created = (
        select(func.count()).select_from(DomainEvent).where(DomainEvent.type == "task.created")
    )
    assignments = (
        select(func.count()).select_from(Notification).where(Notification.kind == "task_assigned")
    )
    wait_for(
        lambda: count(pipeline_factory, assignments) >= 2,
        timeout=30,
        what="assignments",
        worker=worker,
    )
    assert count(pipeline_factory, tasks_of_meeting) == 2
    assert count(pipeline_factory, task_created) >= 2
    with pipeline_factory() as session:
        due_dates = sorted(
            session.scalars(select(Task.due_date).where(Task.source_meeting_id == meeting_id))
        )
    assert date.today() + timedelta(days=30) in due_dates


def test_scheduling_sends_one_invite_row_per_member_and_marks_consumed(
    pipeline_factory: sessionmaker[Session], celery_worker: tuple[CeleryProcess, dict[str, str]]
) -> None:
    worker, env = celery_worker
    publisher = publisher_for(env)
    with unit_of_work(pipeline_factory) as session:
        network = make_network(session)
        org = make_organisation(session, network, "Tjörn")
        for _ in range(4):
            make_member(session, org)
        meeting = make_meeting(session, network, days_ahead=20)
        actor = Actor(kind="user", network_id=network.id, role="coordinator")
        meeting_id = meeting.id
    with unit_of_work(pipeline_factory, publisher) as session:
        schedule_meeting(session, meeting_id=meeting_id, actor=actor)
    invites = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.subject_id == meeting_id, Notification.kind == "meeting_invite")
    )
    wait_for(
        lambda: count(pipeline_factory, invites) == 4,
        timeout=30,
        what="4 invite rows",
        worker=worker,
    )
    consumed = (
        select(func.count())
        .select_from(DomainEvent)
        .where(DomainEvent.aggregate_id == meeting_id, DomainEvent.consumed_at.is_not(None))
    )
    wait_for(
        lambda: count(pipeline_factory, consumed) == 1,
        timeout=10,
        what="event consumed",
        worker=worker,
    )

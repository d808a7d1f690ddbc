"""Dead letters via the API: per network, unresolved first; a retry republishes or re-arms."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.auth.models import UserAccount, UserRole
from services.events.dead_letters import record_consumer_failures
from services.events.models import DeadLetter, DomainEvent, Timer
from services.events.outbox import sweep
from services.people.models import Network
from tests.support.factories import make_network

NOW = datetime.now(UTC).replace(microsecond=0)


class RecordingPublisher:
    def __init__(self) -> None:
        self.sent: list[uuid.UUID] = []

    def send(self, event_ids: Sequence[uuid.UUID]) -> None:
        self.sent.extend(event_ids)


def published_event(db: Session, network: Network, *, minutes_ago: int = 10) -> DomainEvent:
    event = DomainEvent(
        id=uuid.uuid4(),
        type="meeting.held",
        version=1,
        aggregate_type="meeting",
        aggregate_id=uuid.uuid4(),
        network_id=network.id,
        actor="user:test",
        occurred_at=NOW - timedelta(minutes=minutes_ago),
        payload={"meeting_id": str(uuid.uuid4())},
        published_at=NOW - timedelta(minutes=minutes_ago),
        publish_count=1,
    )
    db.add(event)
    db.flush()
    return event


def consumer_letter(db: Session, network: Network, **fields: object) -> DeadLetter:
    event = published_event(db, network)
    [letter] = record_consumer_failures(
        db, [("surveys", event.id, "RuntimeError('boom')")], attempts=9
    )
    for key, value in fields.items():
        setattr(letter, key, value)
    db.flush()
    return letter


def test_list_shows_own_network_only_unresolved_first(
    client: TestClient, db: Session, network: Network
) -> None:
    old = consumer_letter(db, network, failed_at=NOW - timedelta(days=2))
    new = consumer_letter(db, network, failed_at=NOW - timedelta(hours=1))
    retried = consumer_letter(db, network, failed_at=NOW, retried_at=NOW)
    other = consumer_letter(db, make_network(db))
    db.commit()
    response = client.get("/api/dead-letters")
    assert response.status_code == 200, response.text
    body = response.json()
    ids = [item["id"] for item in body["items"]]
    assert ids == [str(new.id), str(old.id), str(retried.id)]
    assert str(other.id) not in ids
    assert body["total"] == 3
    first = body["items"][0]
    assert first["task_name"] == "consumer:surveys"
    assert first["error"] == "RuntimeError('boom')"
    assert first["attempts"] == 9
    assert first["retried_at"] is None


def test_consumer_failures_carry_the_event_network(db: Session, network: Network) -> None:
    letter = consumer_letter(db, network)
    assert letter.network_id == network.id


def test_retry_republishes_the_event_after_commit(
    client: TestClient, db: Session, network: Network
) -> None:
    publisher = RecordingPublisher()
    client.app.state.publisher = publisher  # type: ignore[attr-defined]
    letter = consumer_letter(db, network)
    event_id = letter.event_id
    db.commit()
    response = client.post(f"/api/dead-letters/{letter.id}/retry")
    assert response.status_code == 200, response.text
    assert response.json()["retried_at"] is not None
    assert publisher.sent == [event_id]
    db.expire_all()
    event = db.scalars(select(DomainEvent).where(DomainEvent.id == event_id)).one()
    assert event.consumed_at is None
    assert event.published_at is not None  # marked again by the publish after commit
    again = client.post(f"/api/dead-letters/{letter.id}/retry")
    assert again.status_code == 409


def test_retried_event_goes_back_through_the_outbox_sweep(
    client: TestClient, db: Session, network: Network, session_maker: sessionmaker[Session]
) -> None:
    """Without a publisher in the API, the sweep picks it up; before the retry it does not."""
    letter = consumer_letter(db, network)
    event_id = letter.event_id
    db.commit()
    before = RecordingPublisher()
    sweep(session_maker, before, unpublished_after=timedelta(0), unconsumed_after=timedelta(0))
    assert event_id not in before.sent  # a dead-lettered event waits for a person
    assert client.post(f"/api/dead-letters/{letter.id}/retry").status_code == 200
    after = RecordingPublisher()
    sweep(session_maker, after, unpublished_after=timedelta(0), unconsumed_after=timedelta(0))
    assert event_id in after.sent


def test_retry_rearms_a_timer(client: TestClient, db: Session, network: Network) -> None:
    timer = Timer(
        network_id=network.id,
        kind="task.overdue",
        subject_id=uuid.uuid4(),
        due_at=NOW - timedelta(hours=1),
        key=f"task.overdue:{uuid.uuid4()}",
        fired_at=NOW - timedelta(minutes=30),
    )
    db.add(timer)
    db.flush()
    letter = DeadLetter(
        task_name="timer:task.overdue",
        subject_id=timer.id,
        network_id=network.id,
        error="KeyError('x')",
        attempts=1,
    )
    db.add(letter)
    db.commit()
    response = client.post(f"/api/dead-letters/{letter.id}/retry")
    assert response.status_code == 200, response.text
    db.expire_all()
    assert db.scalar(select(Timer.fired_at).where(Timer.id == timer.id)) is None


def test_retry_of_another_networks_letter_is_404(client: TestClient, db: Session) -> None:
    letter = consumer_letter(db, make_network(db))
    db.commit()
    assert client.post(f"/api/dead-letters/{letter.id}/retry").status_code == 404
    db.expire_all()
    assert db.scalar(select(DeadLetter.retried_at).where(DeadLetter.id == letter.id)) is None


def test_viewer_may_list_but_not_retry(
    client: TestClient, db: Session, network: Network, coordinator: UserAccount
) -> None:
    letter = consumer_letter(db, network)
    user = db.get(UserAccount, coordinator.id)
    assert user is not None
    user.memberships[0].role = UserRole.viewer
    db.commit()
    assert client.get("/api/dead-letters").status_code == 200
    assert client.post(f"/api/dead-letters/{letter.id}/retry").status_code == 403


def test_a_second_retry_chain_adds_no_second_dead_letter(db: Session, network: Network) -> None:
    """A redelivered poison event fails through its own retries too: still one open letter."""
    event = published_event(db, network)
    failure = [("surveys", event.id, "RuntimeError('boom')")]
    first = record_consumer_failures(db, failure, attempts=9)
    assert record_consumer_failures(db, failure, attempts=9) == []
    first[0].retried_at = NOW  # once the coordinator retried it, a new failure is news again
    db.flush()
    assert len(record_consumer_failures(db, failure, attempts=9)) == 1
    assert db.scalar(select(func.count()).select_from(DeadLetter)) == 2

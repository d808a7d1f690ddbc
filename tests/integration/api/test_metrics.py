"""GET /metrics: pipeline counts from the database and beat scan stats from Redis, per scrape."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.api import metrics
from services.api.app import create_app
from services.events.models import DeadLetter, DomainEvent, ProcessedEvent
from services.people.models import Network
from workers.beat_tasks import store_scan

NOW = datetime.now(UTC)
TOKEN = "test-metrics-token"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The app's settings with a scraper token, as /metrics answers no one without one."""
    return settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})


def scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def event(network: Network, *, published: bool, consumed: bool, age_s: float) -> DomainEvent:
    at = NOW - timedelta(seconds=age_s)
    return DomainEvent(
        id=uuid.uuid4(),
        type="meeting.held",
        version=1,
        aggregate_type="meeting",
        aggregate_id=uuid.uuid4(),
        network_id=network.id,
        actor="system",
        occurred_at=at,
        payload={},
        published_at=at if published else None,
        consumed_at=at if consumed else None,
    )


def test_counts_lag_and_dead_letters(app_client: TestClient, db: Session, network: Network) -> None:
    before = scrape(app_client)
    done = event(network, published=True, consumed=True, age_s=30)
    waiting = event(network, published=True, consumed=False, age_s=90)
    unpublished = event(network, published=False, consumed=False, age_s=5)
    dead = event(network, published=True, consumed=False, age_s=5000)
    db.add_all([done, waiting, unpublished, dead])
    db.flush()
    db.add_all(
        [
            ProcessedEvent(consumer="surveys", event_id=done.id),
            ProcessedEvent(consumer="notifications", event_id=done.id),
            ProcessedEvent(consumer="surveys", event_id=waiting.id),
            DeadLetter(
                task_name="consumer:surveys", event_id=dead.id, network_id=network.id, error="x"
            ),
        ]
    )
    db.commit()
    after = scrape(app_client)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert delta("samverkan_events_written_total") == 4
    assert delta("samverkan_events_published_total") == 3
    assert delta("samverkan_events_consumed_total") == 1
    assert delta("samverkan_events_processed_total", consumer="surveys") == 2
    assert delta("samverkan_events_processed_total", consumer="notifications") == 1
    assert delta("samverkan_dead_letters", task="consumer:surveys") == 1
    lag = after[("samverkan_consumer_lag_seconds", ())]
    assert 89 <= lag < 4000  # the waiting event, not the dead-lettered one


def test_beat_scan_durations_come_from_redis(app_client: TestClient, settings: Settings) -> None:
    url = metrics.scan_store_url(settings)
    assert url is not None
    client = redis.Redis.from_url(url)
    name = f"test-scan-{uuid.uuid4().hex[:8]}"
    try:
        store_scan(client, name, 0.25)
        store_scan(client, name, 0.5)
        samples = scrape(app_client)
    finally:
        client.delete(f"{metrics.SCAN_KEY_PREFIX}{name}")
    assert samples[("samverkan_beat_scan_duration_seconds", (("scan", name),))] == 0.5
    assert samples[("samverkan_beat_scan_runs_total", (("scan", name),))] == 2
    assert samples[("samverkan_beat_scan_last_run_timestamp_seconds", (("scan", name),))] > 0


def test_without_a_redis_broker_scans_are_left_out(settings: Settings) -> None:
    amqp = settings.model_copy(update={"broker_url": "amqp://guest:guest@127.0.0.1:5672//"})
    assert metrics.scan_store_url(amqp) is None
    assert metrics.scans_of(amqp) == {}


def test_metrics_need_the_scrapers_token(app_client: TestClient, settings: Settings) -> None:
    assert app_client.get("/metrics").status_code == 401
    wrong = app_client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    off = settings.model_copy(update={"metrics_token": None})
    with TestClient(create_app(off)) as client:
        assert (
            client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404
        )

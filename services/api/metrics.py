"""GET /metrics in Prometheus text format: the event pipeline, read from the database per scrape.

Counts come from a handful of aggregate queries at scrape time (no in-process counters: the API,
the workers and beat are separate processes, the database is the one place that knows it all).
Beat scan durations come from the Redis hashes `samverkan:scan:<name>` that
`workers.beat_tasks.record_scan` writes; without a Redis broker they are left out.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import cast

import redis
from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.settings import Settings
from services import messages
from services.api.errors import problem_response, request_language
from services.events.models import DeadLetter, DomainEvent, ProcessedEvent

log = logging.getLogger("samverkan.metrics")
router = APIRouter(tags=["metrics"])

SCAN_KEY_PREFIX = "samverkan:scan:"  # written by workers.beat_tasks.record_scan
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


@dataclass(frozen=True)
class ScanStats:
    last_seconds: float
    runs: int
    last_at: float | None


@dataclass
class PipelineSnapshot:
    written: int = 0
    published: int = 0
    consumed: int = 0
    processed: dict[str, int] = field(default_factory=dict)
    lag_seconds: float = 0.0
    dead_letters: dict[str, int] = field(default_factory=dict)
    scans: dict[str, ScanStats] = field(default_factory=dict)


def pipeline_snapshot(session: Session, *, now: datetime) -> PipelineSnapshot:
    """Four aggregate queries: the outbox totals, the inboxes, the lag and the dead letters."""
    written, published, consumed = session.execute(
        select(
            func.count(), func.count(DomainEvent.published_at), func.count(DomainEvent.consumed_at)
        )
    ).one()
    processed = dict(
        session.execute(
            select(ProcessedEvent.consumer, func.count()).group_by(ProcessedEvent.consumer)
        ).all()
    )
    # A dead-lettered event waits for a person, not for a consumer: it shows as a dead letter.
    oldest = session.scalar(
        select(func.min(DomainEvent.occurred_at)).where(
            DomainEvent.consumed_at.is_(None),
            ~exists().where(DeadLetter.event_id == DomainEvent.id, DeadLetter.retried_at.is_(None)),
        )
    )
    dead = dict(
        session.execute(
            select(DeadLetter.task_name, func.count())
            .where(DeadLetter.retried_at.is_(None))
            .group_by(DeadLetter.task_name)
        ).all()
    )
    return PipelineSnapshot(
        written=int(written),
        published=int(published),
        consumed=int(consumed),
        processed={str(k): int(v) for k, v in processed.items()},
        lag_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
        dead_letters={str(k): int(v) for k, v in dead.items()},
    )


def scan_store_url(settings: Settings) -> str | None:
    """Beat scan stats live in the broker's Redis; with RabbitMQ there is no store."""
    url = settings.broker_url
    return url if url.startswith(REDIS_SCHEMES) else None


@lru_cache(maxsize=4)
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def read_scans(client: redis.Redis) -> dict[str, ScanStats]:
    """Every `samverkan:scan:<name>` hash; a broken or odd entry is skipped, never fatal."""
    stats: dict[str, ScanStats] = {}
    for key in client.scan_iter(match=f"{SCAN_KEY_PREFIX}*", count=100):
        raw = cast(dict[bytes | str, bytes | str], client.hgetall(key))  # sync client
        values = {_text(k): _text(v) for k, v in raw.items()}
        try:
            stats[_text(key).removeprefix(SCAN_KEY_PREFIX)] = ScanStats(
                last_seconds=float(values.get("last_seconds", "0")),
                runs=int(values.get("count", "0")),
                last_at=float(values["last_at"]) if "last_at" in values else None,
            )
        except ValueError:
            continue
    return stats


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def scans_of(settings: Settings) -> dict[str, ScanStats]:
    url = scan_store_url(settings)
    if url is None:
        return {}
    try:
        return read_scans(_redis_client(url))
    except redis.RedisError as exc:  # the scrape still reports what the database knows
        log.warning("scan stats unavailable", extra={"error": type(exc).__name__})
        return {}


class PipelineCollector(Collector):
    """Renders one snapshot; a fresh registry per scrape keeps processes from sharing state."""

    def __init__(self, snapshot: PipelineSnapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterable[Metric]:
        return list(self._metrics())

    def _metrics(self) -> Iterator[Metric]:
        s = self.snapshot
        yield CounterMetricFamily(
            "samverkan_events_written", "Domain events written to the outbox.", value=s.written
        )
        yield CounterMetricFamily(
            "samverkan_events_published",
            "Domain events published to the broker at least once.",
            value=s.published,
        )
        yield CounterMetricFamily(
            "samverkan_events_consumed",
            "Domain events every consumer has handled.",
            value=s.consumed,
        )
        processed = CounterMetricFamily(
            "samverkan_events_processed",
            "Events handled, per consumer (its inbox rows).",
            labels=["consumer"],
        )
        for name, count in sorted(s.processed.items()):
            processed.add_metric([name], count)
        yield processed
        yield GaugeMetricFamily(
            "samverkan_consumer_lag_seconds",
            "Age of the oldest event not yet consumed (dead-lettered events excluded).",
            value=s.lag_seconds,
        )
        dead = GaugeMetricFamily(
            "samverkan_dead_letters",
            "Dead letters not yet retried, per task.",
            labels=["task"],
        )
        for task, count in sorted(s.dead_letters.items()):
            dead.add_metric([task], count)
        yield dead
        duration = GaugeMetricFamily(
            "samverkan_beat_scan_duration_seconds",
            "Duration of the last run of each beat scan.",
            labels=["scan"],
        )
        runs = CounterMetricFamily(
            "samverkan_beat_scan_runs", "Runs of each beat scan.", labels=["scan"]
        )
        last = GaugeMetricFamily(
            "samverkan_beat_scan_last_run_timestamp_seconds",
            "When each beat scan last finished (Unix time).",
            labels=["scan"],
        )
        for name, stats in sorted(s.scans.items()):
            duration.add_metric([name], stats.last_seconds)
            runs.add_metric([name], stats.runs)
            if stats.last_at is not None:
                last.add_metric([name], stats.last_at)
        yield duration
        yield runs
        yield last


def render(snapshot: PipelineSnapshot) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PipelineCollector(snapshot))
    return generate_latest(registry)


def scraper_may_read(settings: Settings, authorization: str) -> bool:
    """The scraper's Bearer token, compared in constant time; no token set: nobody may."""
    if settings.metrics_token is None:
        return False
    expected = f"Bearer {settings.metrics_token.get_secret_value()}".encode()
    return hmac.compare_digest(expected, authorization.encode())


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Aggregates only (no ids, no names), for a scraper holding `metrics_token`."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    settings: Settings = request.app.state.settings
    if not scraper_may_read(settings, request.headers.get("authorization", "")):
        off = settings.metrics_token is None
        status, kind, said = (
            (404, "not_found", "edge.metrics_off")
            if off
            else (401, "unauthenticated", "edge.metrics_wrong_token")
        )
        detail = messages.render(said, {}, request_language(request))
        return problem_response(status, detail, code=kind, message_code=said)
    with factory() as session:
        snapshot = pipeline_snapshot(session, now=utcnow())
    snapshot.scans = scans_of(settings)
    return Response(render(snapshot), media_type=CONTENT_TYPE_LATEST)

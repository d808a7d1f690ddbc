"""bench pipeline / worker_rss_mb: the outbox → relay → consumers path against bare Celery.

Both sides run real `celery worker` subprocesses with the same settings (acks_late, prefetch 1,
concurrency 2) on a private queue of the machine's Redis.

- celery_noop_per_s: one message per task, a no-op that counts itself; backlog drained.
- events_per_s: meeting/minutes events committed (outbox rows, publisher off), then the relay
  (`services.events.outbox.sweep`, many ids per message) publishes them and the consumers run;
  the rate is offered events over the time until every event, downstream ones included, is
  consumed (its consumers' effects committed).
- p50_ms/p99_ms: the API's path at a paced offered load (200 events/s in the full run): each
  transaction commits and publishes after commit; latency = consumed_at - occurred_at.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.settings import Settings
from schemas.minutes import ActionItem as ExtractedAction
from schemas.minutes import MinutesExtraction
from services.actors import Actor
from services.events.models import DomainEvent
from services.events.outbox import Publisher, sweep, unit_of_work
from services.meetings.service import mark_held, schedule_meeting
from services.minutes.service import approve_minutes, save_reviewed_minutes
from tests.bench.common import Figure, percentile, rate
from tests.bench.noop_app import NOOP_TASK
from tests.support.factories import make_meeting, make_member, make_network, make_organisation
from tests.support.worker import CeleryProcess, wait_for, worker_env
from workers.celery_app import make_celery
from workers.context import CeleryPublisher

BROKER_URL = "redis://127.0.0.1:6379/0"
ORGS = ("Ale", "Lerum", "Partille", "Tjörn", "Mölndal")
PHASES = 3  # schedule, hold, approve minutes: three offered events per meeting


class BenchWorker(CeleryProcess):
    """A worker of any Celery app module (the baseline runs `tests.bench.noop_app`)."""

    def __init__(self, env: dict[str, str], log_path: Path, app_module: str) -> None:
        super().__init__(env, log_path, concurrency=2)
        self.app_module = app_module

    def command(self) -> list[str]:
        command = super().command()
        command[command.index("workers.celery_app")] = self.app_module
        return command

    def rss_mb(self) -> list[float]:
        """Resident memory of the main process and its pool children, in MB."""
        assert self.process is not None
        pids = [self.process.pid, *_children(self.process.pid)]
        return [_rss_kb(pid) / 1024 for pid in pids]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@dataclass(frozen=True)
class Scale:
    noop_tasks: int
    backlog_meetings: int
    paced_rate: float
    paced_seconds: float


FULL = Scale(noop_tasks=3000, backlog_meetings=400, paced_rate=200.0, paced_seconds=15.0)
QUICK = Scale(noop_tasks=100, backlog_meetings=10, paced_rate=30.0, paced_seconds=1.0)


def run_pipeline(
    url: str, factory: sessionmaker[Session], tmp: Path, scale: Scale
) -> tuple[Figure, Figure]:
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = worker_env(database_url=url, broker_url=BROKER_URL, queue=queue)
    noop_per_s = _noop_baseline(env, tmp, scale.noop_tasks)
    publisher = CeleryPublisher(make_celery(Settings(broker_url=BROKER_URL, queue_name=queue)))
    worker = BenchWorker(env, tmp / "dispatch.log", "workers.celery_app")
    worker.start()
    try:
        backlog = _seed(factory, scale.backlog_meetings)
        events_per_s, backlog_extra = _drain_backlog(factory, publisher, backlog)
        paced_meetings = max(3, int(scale.paced_rate * scale.paced_seconds / PHASES))
        latencies, paced_extra = _paced(factory, publisher, _seed(factory, paced_meetings), scale)
        rss = worker.rss_mb()
    finally:
        worker.stop()
    pipeline = Figure(
        "pipeline",
        {
            "events_per_s": round(events_per_s, 1),
            "celery_noop_per_s": round(noop_per_s, 1),
            "ratio": round(events_per_s / noop_per_s, 2) if noop_per_s else 0.0,
            "p50_ms": round(percentile(latencies, 0.5), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
        },
        {**backlog_extra, **paced_extra, "queue_settings": "acks_late, prefetch 1, -c 2"},
    )
    memory = Figure(
        "worker_rss_mb",
        {
            "max_process_mb": round(max(rss), 1),
            "total_mb": round(sum(rss), 1),
            "processes": len(rss),
        },
    )
    return pipeline, memory


def _count(client: redis.Redis, key: str) -> int:
    value: Any = client.get(key)
    return int(value or 0)


def _noop_baseline(env: dict[str, str], tmp: Path, count: int) -> float:
    """Round trips per second of a bare task: publish `count` messages, wait for all to run."""
    worker = BenchWorker(env, tmp / "noop.log", "tests.bench.noop_app")
    worker.start()
    app = make_celery(Settings(broker_url=BROKER_URL, queue_name=env["SAMVERKAN_QUEUE_NAME"]))
    client = redis.Redis.from_url(BROKER_URL)
    counter = f"samverkan-bench:{uuid.uuid4().hex}"
    try:
        for _ in range(20):  # warm-up: connections, pool processes
            app.send_task(NOOP_TASK, args=[counter])
        wait_for(lambda: _count(client, counter) >= 20, timeout=60, what="noop warm-up")
        client.delete(counter)
        started = time.perf_counter()
        for _ in range(count):
            app.send_task(NOOP_TASK, args=[counter])
        wait_for(
            lambda: _count(client, counter) >= count,
            timeout=120,
            what="noop tasks",
            interval=0.01,
        )
        return rate(count, time.perf_counter() - started)
    finally:
        client.delete(counter)
        worker.stop()


@dataclass(frozen=True)
class BenchMeeting:
    meeting_id: uuid.UUID
    actor: Actor


def _seed(factory: sessionmaker[Session], meetings: int) -> list[BenchMeeting]:
    """Networks of 20 members in 5 organisations, 10 planned meetings each (started 1 h ago)."""
    result = []
    with unit_of_work(factory) as session:
        for first in range(0, meetings, 10):
            network = make_network(session)
            orgs = [make_organisation(session, network, name) for name in ORGS]
            for index in range(20):
                org = orgs[index % len(orgs)]
                member = make_member(session, org, f"Medlem {index}")
                org.contact_member_id = org.contact_member_id or member.id
            actor = Actor(kind="user", network_id=network.id, role="coordinator")
            for _ in range(min(10, meetings - first)):
                meeting = make_meeting(session, network, days_ahead=-1 / 24)
                result.append(BenchMeeting(meeting.id, actor))
    return result


def _phase(session: Session, meeting: BenchMeeting, phase: int) -> None:
    if phase == 0:
        schedule_meeting(session, meeting_id=meeting.meeting_id, actor=meeting.actor)
    elif phase == 1:
        mark_held(session, meeting_id=meeting.meeting_id, actor=meeting.actor)
    else:
        extraction = MinutesExtraction(
            meeting_date=date.today(),
            action_items=[
                ExtractedAction(text=f"{org} återkommer om studiebesök", owner_organisation=org)
                for org in ORGS[:3]
            ],
        )
        save_reviewed_minutes(
            session, meeting_id=meeting.meeting_id, extraction=extraction, actor=meeting.actor
        )
        approve_minutes(session, meeting_id=meeting.meeting_id, actor=meeting.actor)


def _drain_backlog(
    factory: sessionmaker[Session], publisher: Publisher, meetings: Sequence[BenchMeeting]
) -> tuple[float, dict[str, Any]]:
    """Commit every event first (nothing published), then relay and consume them all."""
    for phase in range(PHASES):
        for meeting in meetings:
            with unit_of_work(factory) as session:  # no publisher: events wait in the outbox
                _phase(session, meeting, phase)
    offered = len(meetings) * PHASES
    started = utcnow()
    relay_messages = 0

    def relay_and_check() -> bool:
        nonlocal relay_messages
        never, _ = sweep(
            factory,
            publisher,
            unpublished_after=timedelta(0),
            unconsumed_after=timedelta(hours=1),
        )
        relay_messages += -(-never // 200)
        return _unconsumed(factory, started) == 0 and never == 0

    wait_for(relay_and_check, timeout=300, what="backlog consumed", interval=0.05)
    finished, total = _finished(factory, started)
    seconds = (finished - started).total_seconds()
    extra = {
        "backlog_offered_events": offered,
        "backlog_all_events": total,
        "backlog_seconds": round(seconds, 2),
        "backlog_relay_messages": relay_messages,
    }
    return rate(offered, seconds), extra


def _paced(
    factory: sessionmaker[Session],
    publisher: Publisher,
    meetings: Sequence[BenchMeeting],
    scale: Scale,
) -> tuple[list[float], dict[str, Any]]:
    """The API's path: one event per transaction, published after commit, at a paced rate."""
    lag = 10  # a meeting's next phase comes 10 slots later, so phases never race
    plan: list[tuple[BenchMeeting, int]] = []
    for slot in range(len(meetings) + 2 * lag):
        for phase in range(PHASES):
            index = slot - phase * lag
            if 0 <= index < len(meetings):
                plan.append((meetings[index], phase))
    started = utcnow()
    began = time.perf_counter()
    failures: list[str] = []
    lock = threading.Lock()
    cursor = iter(enumerate(plan))

    def produce() -> None:
        while True:
            with lock:
                item = next(cursor, None)
            if item is None:
                return
            slot, (meeting, phase) = item
            delay = began + slot / scale.paced_rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                with unit_of_work(factory, publisher) as session:
                    _phase(session, meeting, phase)
            except Exception as exc:  # a phase racing its predecessor; counted, not fatal
                failures.append(type(exc).__name__)

    threads = [threading.Thread(target=produce) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    offered_seconds = time.perf_counter() - began
    wait_for(lambda: _unconsumed(factory, started) == 0, timeout=120, what="paced events consumed")
    with factory() as session:
        rows = session.execute(
            select(DomainEvent.occurred_at, DomainEvent.consumed_at).where(
                DomainEvent.occurred_at >= started,
                DomainEvent.type.in_(["meeting.scheduled", "meeting.held", "minutes.approved"]),
            )
        ).all()
    latencies = [(done - at).total_seconds() * 1000 for at, done in rows if done is not None]
    extra = {
        "paced_offered_events": len(plan),
        "paced_offered_per_s": round(len(plan) / offered_seconds, 1),
        "paced_failures": len(failures),
    }
    return latencies, extra


def _unconsumed(factory: sessionmaker[Session], since: datetime) -> int:
    with factory() as session:
        query = select(func.count()).where(
            DomainEvent.occurred_at >= since - timedelta(minutes=10),
            DomainEvent.consumed_at.is_(None),
        )
        return int(session.scalar(query) or 0)


def _finished(factory: sessionmaker[Session], since: datetime) -> tuple[datetime, int]:
    with factory() as session:
        last, total = session.execute(
            select(func.max(DomainEvent.consumed_at), func.count()).where(
                DomainEvent.consumed_at >= since
            )
        ).one()
    return last or utcnow(), int(total)

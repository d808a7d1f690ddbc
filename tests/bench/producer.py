"""The paced producer of `bench pipeline`: the API's path from several processes at once.

One process (GIL, ORM work per phase) cannot offer 200 events/s on a small machine, so the plan
is sliced among spawned processes, each with its own engine and CeleryPublisher, all paced from
one shared start instant. A meeting's phases all go to one process and stay LAG slots apart.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from multiprocessing.context import SpawnProcess
from multiprocessing.queues import Queue as QueueType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, configure_mappers

import services.models  # noqa: F401 (every mapper, before the first phase is timed)
from infra.db import make_engine, session_factory
from infra.settings import Settings
from schemas.minutes import ActionItem as ExtractedAction
from schemas.minutes import MinutesExtraction
from services.actors import Actor
from services.events.outbox import unit_of_work
from services.meetings.service import mark_held, schedule_meeting
from services.minutes.service import approve_minutes, save_reviewed_minutes
from workers.celery_app import make_celery
from workers.context import CeleryPublisher

ORGS = ("Ale", "Lerum", "Partille", "Tjörn", "Mölndal")
PHASES = 3  # schedule, hold, approve minutes: three offered events per meeting
LAG = 10  # a meeting's next phase comes 10 meeting slots later, so phases never race
THREADS = 3  # per producer process: while one transaction waits on the database, others run


@dataclass(frozen=True)
class BenchMeeting:
    meeting_id: uuid.UUID
    actor: Actor


Step = tuple[int, BenchMeeting, int]  # (place in the whole plan, meeting, phase)


def run_phase(session: Session, meeting: BenchMeeting, phase: int) -> None:
    """One offered event: schedule, mark held, or save and approve the minutes."""
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


def paced_plan(meetings: Sequence[BenchMeeting], producers: int) -> list[list[Step]]:
    """The whole plan in offer order, sliced by meeting: all of a meeting's phases in one slice."""
    slices: list[list[Step]] = [[] for _ in range(producers)]
    place = 0
    for slot in range(len(meetings) + (PHASES - 1) * LAG):
        for phase in range(PHASES):
            index = slot - phase * LAG
            if 0 <= index < len(meetings):
                slices[index % producers].append((place, meetings[index], phase))
                place += 1
    return slices


@dataclass(frozen=True)
class ProducerJob:
    """What one producer process needs; it makes its own engine and publisher from these."""

    database_url: str
    broker_url: str
    queue: str
    rate: float
    steps: list[Step]
    threads: int = THREADS


def _produce(
    job: ProducerJob,
    ready: QueueType[int],
    start: QueueType[float],
    done: QueueType[tuple[list[str], float, float]],
) -> None:
    """One producer process: connect, say so, wait for the shared start, offer its steps."""
    engine = make_engine(job.database_url, pool_size=job.threads)
    factory = session_factory(engine)
    app = make_celery(Settings(broker_url=job.broker_url, queue_name=job.queue))
    publisher = CeleryPublisher(app)
    configure_mappers()
    with factory() as session:  # pooled connections ready, like a running API's
        session.execute(select(1))
    with app.producer_pool.acquire(block=True) as producer:  # the broker connection too
        assert producer.connection is not None
        producer.connection.ensure_connection(max_retries=3)
    ready.put(len(job.steps))
    began = start.get()
    cpu = time.process_time()
    failures: list[str] = []
    lock = threading.Lock()
    cursor = iter(job.steps)

    def produce() -> None:
        while True:
            with lock:
                step = next(cursor, None)
            if step is None:
                return
            place, meeting, phase = step
            delay = began + place / job.rate - time.time()
            if delay > 0:
                time.sleep(delay)
            try:
                with unit_of_work(factory, publisher) as session:
                    run_phase(session, meeting, phase)
            except Exception as exc:  # a phase racing its predecessor; counted, not fatal
                failures.append(type(exc).__name__)

    threads = [threading.Thread(target=produce) for _ in range(job.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.put((failures, time.time(), time.process_time() - cpu))
    engine.dispose()


@dataclass(frozen=True)
class Offered:
    """How long the offering took, the producers' CPU seconds for it, and the failed phases."""

    seconds: float
    cpu_seconds: float
    failures: list[str]


def offer(jobs: Sequence[ProducerJob]) -> Offered:
    """Run every job in its own spawned process, all from one start instant."""
    context = multiprocessing.get_context("spawn")
    ready: QueueType[int] = context.Queue()
    start: QueueType[float] = context.Queue()
    done: QueueType[tuple[list[str], float, float]] = context.Queue()
    processes = [
        context.Process(target=_produce, args=(job, ready, start, done), daemon=True)
        for job in jobs
    ]
    try:
        for process in processes:
            process.start()
        _gather(ready, processes, timeout=300)  # imports and connections are not measured
        began = time.time() + 0.2  # every process sleeps until the same instant
        for _ in processes:
            start.put(began)
        results = _gather(done, processes, timeout=600)
        for process in processes:
            process.join(timeout=30)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    finished = max(at for _, at, _ in results)
    failures = [name for names, _, _ in results for name in names]
    return Offered(finished - began, sum(cpu for _, _, cpu in results), failures)


def _gather(source: QueueType[Any], processes: Sequence[SpawnProcess], timeout: float) -> list[Any]:
    """One item from each process; a process that died first fails the run, not hangs it."""
    deadline = time.monotonic() + timeout
    items: list[Any] = []
    while len(items) < len(processes):
        try:
            items.append(source.get(timeout=1))
        except queue.Empty:
            dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                raise RuntimeError(
                    f"producer processes failed or hung: exit codes {dead}"
                ) from None
    return items

"""Chaos test helpers: private servers to stop, a sweeping thread, a workload and its audit.

The machine's shared PostgreSQL, Redis and RabbitMQ are never stopped: a test that stops a server
starts its own on a free port (PostgreSQL via initdb as the `postgres` user, redis-server) and
removes it afterwards. On the shared servers each test uses a fresh database and its own queue,
and deletes the queue (and its unacknowledged Redis messages) when it is done.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import psycopg
import redis
from kombu import Connection
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from schemas.minutes import ActionItem as ExtractedAction
from schemas.minutes import MinutesDate, MinutesExtraction
from services.actors import Actor
from services.deadlines.models import Deadline
from services.events.models import DeadLetter, DomainEvent
from services.events.outbox import Publisher, sweep, unit_of_work
from services.meetings.service import mark_held, schedule_meeting
from services.minutes.models import ActionItem, Minutes
from services.minutes.service import approve_minutes, save_reviewed_minutes
from services.notifications.models import Notification
from services.people.models import Member
from services.surveys.models import Survey
from services.tasks.models import Task
from tests.support.factories import make_meeting, make_member, make_network, make_organisation
from tests.support.smtp_server import free_port
from tests.support.worker import CeleryProcess, wait_for, worker_env
from workers.celery_app import make_celery
from workers.context import CeleryPublisher

SHARED_BROKERS = {
    "redis": "redis://127.0.0.1:6379/0",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//",
}
SWEEP_AFTER_S = 1
REDELIVER_AFTER_S = 8
ORGANISATIONS = ("Ale", "Lerum", "Tjörn")


# --- private servers -------------------------------------------------------------------------


def _as_postgres(*command: str) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as `postgres` when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


def postgres_bin() -> Path:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    )
    if not candidates:
        raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
    return candidates[0]


class PrivatePostgres:
    """A throw-away cluster on a free port (fsync off: it is only a test instance)."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="samverkan-chaos-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.port = free_port()
        self.running = False

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        subprocess.run(_as_postgres(*command), check=True, capture_output=True, timeout=120)

    def init(self) -> PrivatePostgres:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            if self.running:
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """A redis-server on a free port without persistence: a restart loses every message."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="samverkan-chaos-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        log = (self.dir / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_for(up, timeout=20, what=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)  # no goodbye: like a crash
        self.process.wait(timeout=10)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the broker side ------------------------------------------------------------------------


def publisher_for(broker_url: str, queue: str) -> CeleryPublisher:
    return CeleryPublisher(make_celery(Settings(broker_url=broker_url, queue_name=queue)))


def purge_queue(broker_url: str, queue: str) -> int:
    """Drop every ready message of the queue (a broker that lost its data, on RabbitMQ)."""
    with Connection(broker_url, connect_timeout=5) as conn:
        return int(conn.default_channel.queue_purge(queue) or 0)


def drop_queue(broker_url: str, queue: str) -> None:
    """Leave the shared broker as we found it: our queue and its unacknowledged messages go."""
    with contextlib.suppress(Exception), Connection(broker_url, connect_timeout=5) as conn:
        conn.default_channel.queue_delete(queue)
    if not broker_url.startswith("redis"):
        return
    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(broker_url, socket_connect_timeout=2)
        for tag, raw in client.hscan_iter("unacked"):
            with contextlib.suppress(ValueError, IndexError, TypeError):
                if json.loads(raw)[2] == queue:
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)


class DoublingPublisher:
    """Every batch goes out twice, cut into small pieces sent in a shuffled order."""

    def __init__(self, inner: Publisher, *, seed: int = 7, max_piece: int = 8) -> None:
        self.inner, self.max_piece = inner, max_piece
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.messages = 0

    def send(self, event_ids: Sequence[uuid.UUID]) -> None:
        ids = list(event_ids)
        with self.lock:
            pieces: list[list[uuid.UUID]] = []
            start = 0
            while start < len(ids):
                size = self.random.randint(1, self.max_piece)
                pieces.append(ids[start : start + size])
                start += size
            messages = pieces + [list(reversed(p)) for p in pieces]
            self.random.shuffle(messages)
            self.messages += len(messages)
        for message in messages:
            self.inner.send(message)


class ChaosWorker(CeleryProcess):
    """CeleryProcess with a chosen app module (the double-delivery worker doubles its publishes)."""

    def __init__(
        self, env: dict[str, str], log_path: Path, *, app_module: str = "workers.celery_app"
    ) -> None:
        super().__init__(env, log_path, concurrency=2)
        self.app_module = app_module
        self.kills = 0

    def command(self) -> list[str]:
        command = super().command()
        command[command.index("workers.celery_app")] = self.app_module
        return command

    def kill_and_restart(self, *, down_s: float = 0.3) -> None:
        self.kill9()
        self.kills += 1
        time.sleep(down_s)
        self.start()


class Sweeper(threading.Thread):
    """The beat's outbox sweep, run from the test process every `every` seconds."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        publisher: Publisher,
        *,
        every: float = 1.0,
        unpublished_after: float = SWEEP_AFTER_S,
        unconsumed_after: float = REDELIVER_AFTER_S,
    ) -> None:
        super().__init__(daemon=True, name="outbox-sweeper")
        self.factory, self.publisher, self.every = factory, publisher, every
        self.unpublished_after = timedelta(seconds=unpublished_after)
        self.unconsumed_after = timedelta(seconds=unconsumed_after)
        self.halt = threading.Event()
        self.runs = self.errors = self.published = self.republished = 0

    def run(self) -> None:
        while not self.halt.wait(self.every):
            try:
                never, lost = sweep(
                    self.factory,
                    self.publisher,
                    unpublished_after=self.unpublished_after,
                    unconsumed_after=self.unconsumed_after,
                )
            except Exception:  # database or broker away: the next round tries again
                self.errors += 1
                continue
            self.runs += 1
            self.published += never
            self.republished += lost

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=30)


# --- the workload ---------------------------------------------------------------------------


@dataclass
class Plan:
    """Meetings to run through the pipeline: `held` go schedule → held → minutes approved."""

    held: list[tuple[uuid.UUID, Actor]] = field(default_factory=list)
    future: list[tuple[uuid.UUID, Actor]] = field(default_factory=list)
    actions_per_minutes: int = 2

    @property
    def meeting_events(self) -> int:
        return 3 * len(self.held) + len(self.future)


def seed(
    factory: sessionmaker[Session],
    *,
    networks: int,
    held: int,
    future: int,
    members_per_org: int = 2,
) -> Plan:
    """Networks with organisations and members (contacts set); meetings still planned, no events."""
    plan = Plan()
    with unit_of_work(factory) as session:
        for n in range(networks):
            network = make_network(session)
            for name in ORGANISATIONS:
                org = make_organisation(session, network, name)
                for _ in range(members_per_org):
                    member = make_member(session, org)
                    org.contact_member_id = org.contact_member_id or member.id
            actor = Actor(kind="user", network_id=network.id, role="coordinator")
            for i in range(n, held, networks):
                meeting = make_meeting(
                    session, network, days_ahead=-1 - i / 100, title=f"Träff {i}"
                )
                plan.held.append((meeting.id, actor))
            for i in range(n, future, networks):
                meeting = make_meeting(session, network, days_ahead=10 + i / 100, title=f"Möte {i}")
                plan.future.append((meeting.id, actor))
    return plan


def extraction_for(index: int, actions: int) -> MinutesExtraction:
    today = date.today()
    return MinutesExtraction(
        meeting_date=today,
        action_items=[
            ExtractedAction(
                text=f"Punkt {k} från träff {index} mejlas ut",
                kind="send_material",
                owner_organisation=ORGANISATIONS[(index + k) % len(ORGANISATIONS)],
                due=today + timedelta(days=20 + k),
            )
            for k in range(actions)
        ],
        dates=[
            MinutesDate(
                date=today + timedelta(days=40), kind="deadline", text=f"ansökan senast ({index})"
            )
        ],
    )


def run_held(
    session: Session, meeting_id: uuid.UUID, actor: Actor, index: int, actions: int
) -> None:
    schedule_meeting(session, meeting_id=meeting_id, actor=actor)
    mark_held(session, meeting_id=meeting_id, actor=actor)
    save_reviewed_minutes(
        session, meeting_id=meeting_id, extraction=extraction_for(index, actions), actor=actor
    )
    approve_minutes(session, meeting_id=meeting_id, actor=actor)


def produce(
    factory: sessionmaker[Session],
    publisher: Publisher | None,
    plan: Plan,
    *,
    part: slice = slice(None),
    per_transaction: int = 10,
    stop: threading.Event | None = None,
) -> int:
    """Drive `plan` (or a slice of it) through the services, several meetings per transaction."""
    held = list(enumerate(plan.held))[part]
    future = plan.future[part]
    steps: list[Callable[[Session], None]] = []
    for index, (meeting_id, actor) in held:
        steps.append(
            lambda s, m=meeting_id, a=actor, i=index: run_held(s, m, a, i, plan.actions_per_minutes)
        )
    for meeting_id, actor in future:
        steps.append(lambda s, m=meeting_id, a=actor: _schedule(s, m, a))
    random.Random(11).shuffle(steps)
    for start in range(0, len(steps), per_transaction):
        if stop is not None and stop.is_set():
            break
        with unit_of_work(factory, publisher) as session:
            for step in steps[start : start + per_transaction]:
                step(session)
    return 3 * len(held) + len(future)


def _schedule(session: Session, meeting_id: uuid.UUID, actor: Actor) -> None:
    schedule_meeting(session, meeting_id=meeting_id, actor=actor)


# --- waiting and counting -------------------------------------------------------------------


def pipeline_counts(factory: sessionmaker[Session]) -> tuple[int, int, int]:
    """(events written, events consumed, unresolved dead letters)."""
    with factory() as session:
        written, consumed = session.execute(
            select(func.count(), func.count(DomainEvent.consumed_at))
        ).one()
        dead = session.scalar(
            select(func.count()).select_from(DeadLetter).where(DeadLetter.retried_at.is_(None))
        )
    return int(written), int(consumed), int(dead or 0)


def settle(
    factory: sessionmaker[Session], *, expected_events: int, timeout: float
) -> tuple[bool, float]:
    """Wait until at least `expected_events` exist and all are consumed, twice in a row."""
    started = time.monotonic()
    deadline = started + timeout
    streak = 0
    while time.monotonic() < deadline:
        try:
            written, consumed, _ = pipeline_counts(factory)
        except Exception:  # the database may still be coming back
            written, consumed = 0, -1
        streak = streak + 1 if written >= expected_events and consumed == written else 0
        if streak >= 2:
            return True, time.monotonic() - started
        time.sleep(0.5)
    return False, time.monotonic() - started


@dataclass
class Audit:
    events: int
    processed: int
    lost: int
    duplicates: int
    details: dict[str, int]

    def line(self, name: str) -> str:
        return (
            f"chaos {name}: events={self.events} processed={self.processed} "
            f"lost={self.lost} duplicates={self.duplicates}"
        )


def expected_total_events(plan: Plan) -> int:
    """Meeting/minutes events plus what consumers add: survey.opened, tasks, a deadline each."""
    return plan.meeting_events + len(plan.held) * (2 + plan.actions_per_minutes)


def audit(factory: sessionmaker[Session], plan: Plan) -> Audit:
    """Expected effects that are missing (lost) and effects beyond one per key (duplicates)."""
    held_ids = [m for m, _ in plan.held]
    scheduled = held_ids + [m for m, _ in plan.future]
    with factory() as session:
        written, consumed = session.execute(
            select(func.count(), func.count(DomainEvent.consumed_at))
        ).one()
        network_of = {m: a.network_id for m, a in plan.held + plan.future}
        members: dict[uuid.UUID | None, list[uuid.UUID]] = {}
        for member_id, network_id in session.execute(
            select(Member.id, Member.network_id).where(Member.active.is_(True))
        ).all():
            members.setdefault(network_id, []).append(member_id)
        invites_expected = {(m, member) for m in scheduled for member in members[network_of[m]]}
        invites: dict[tuple[uuid.UUID | None, uuid.UUID | None], int] = {
            (row[0], row[1]): int(row[2])
            for row in session.execute(
                select(Notification.subject_id, Notification.recipient_member_id, func.count())
                .where(Notification.kind == "meeting_invite")
                .group_by(Notification.subject_id, Notification.recipient_member_id)
            ).all()
        }
        actions = set(
            session.scalars(
                select(ActionItem.id)
                .join(Minutes, Minutes.id == ActionItem.minutes_id)
                .where(Minutes.meeting_id.in_(held_ids))
            )
        )
        tasks = {
            row[0]: row[1]
            for row in session.execute(select(Task.source_action_item_id, Task.id)).all()
        }
        task_copies = _copies(
            session,
            select(func.count()).select_from(Task).group_by(Task.source_meeting_id, Task.title),
        )
        assigned: dict[uuid.UUID | None, int] = {
            row[0]: int(row[1])
            for row in session.execute(
                select(Notification.subject_id, func.count())
                .where(Notification.kind == "task_assigned")
                .group_by(Notification.subject_id)
            ).all()
        }
        surveys: dict[uuid.UUID, int] = {
            row[0]: int(row[1])
            for row in session.execute(
                select(Survey.meeting_id, func.count()).group_by(Survey.meeting_id)
            ).all()
        }
        deadlines: dict[uuid.UUID | None, int] = {
            row[0]: int(row[1])
            for row in session.execute(
                select(Deadline.source_meeting_id, func.count()).group_by(
                    Deadline.source_meeting_id
                )
            ).all()
        }
        other_copies = _copies(
            session,
            select(func.count())
            .select_from(Notification)
            .group_by(Notification.kind, Notification.subject_id, Notification.recipient_member_id),
        )
    expected_tasks = len(held_ids) * plan.actions_per_minutes
    lost = {
        "invites": len(invites_expected - invites.keys()),
        "minutes": expected_tasks - len(actions),
        "tasks": len(actions - tasks.keys()),
        "assignments": sum(1 for a in actions if a in tasks and tasks[a] not in assigned),
        "surveys": sum(1 for m in held_ids if m not in surveys),
        "deadlines": sum(1 for m in held_ids if m not in deadlines),
        "unconsumed": int(written) - int(consumed),
    }
    duplicates = {
        "notifications": other_copies,
        "tasks": task_copies,
        "surveys": sum(c - 1 for c in surveys.values()),
        "deadlines": sum(c - 1 for c in deadlines.values()),
    }
    details = {f"lost_{k}": v for k, v in lost.items()} | {
        f"dup_{k}": v for k, v in duplicates.items()
    }
    return Audit(
        events=int(written),
        processed=int(consumed),
        lost=sum(lost.values()),
        duplicates=sum(duplicates.values()),
        details=details,
    )


def _copies(session: Session, grouped: object) -> int:
    """Rows beyond the first in each group of a `SELECT count(*) … GROUP BY …`."""
    return sum(max(0, int(c) - 1) for c in session.scalars(grouped))  # type: ignore[call-overload]


@contextlib.contextmanager
def running(*threads: Sweeper) -> Iterator[None]:
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for thread in threads:
            thread.stop()


@dataclass
class Harness:
    """One chaos run: its database, broker queue, session factory, publisher and workers."""

    label: str
    database_url: str
    broker_url: str
    queue: str
    factory: sessionmaker[Session]
    publisher: CeleryPublisher
    workdir: Path
    workers: list[ChaosWorker] = field(default_factory=list)

    def worker(self, *, app_module: str = "workers.celery_app", **settings: str) -> ChaosWorker:
        """A worker on this run's database and queue; `settings` are more SAMVERKAN_* values."""
        env = worker_env(
            database_url=self.database_url,
            broker_url=self.broker_url,
            queue=self.queue,
            SAMVERKAN_OUTBOX_SWEEP_AFTER_S=str(SWEEP_AFTER_S),
            SAMVERKAN_OUTBOX_REDELIVER_AFTER_S=str(REDELIVER_AFTER_S),
            SAMVERKAN_LOG_LEVEL="WARNING",
            **settings,
        )
        log = self.workdir / f"worker-{len(self.workers)}.log"
        worker = ChaosWorker(env, log, app_module=app_module)
        self.workers.append(worker)
        return worker

    def sweeper(self, publisher: Publisher | None = None) -> Sweeper:
        return Sweeper(self.factory, publisher or self.publisher)

    def logs(self) -> str:
        return "\n".join(f"--- {w.log_path.name}\n{w.tail()}" for w in self.workers)

"""Chaos fixtures: a harness per test on the shared servers or on private ones it may stop."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from infra.db import make_engine, session_factory
from infra.migrate import upgrade
from tests.chaos.support import (
    SHARED_BROKERS,
    Harness,
    PrivatePostgres,
    PrivateRedis,
    drop_queue,
    publisher_for,
)
from tests.support.database import create_test_database, drop_test_database

Report = Callable[[str], None]


@pytest.fixture(params=sorted(SHARED_BROKERS))
def broker_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Report:
    """Print the chaos line even when pytest captures output."""

    def emit(line: str) -> None:
        with capsys.disabled():
            print(f"\n{line}", flush=True)

    return emit


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres().init()
    try:
        server.start()
        yield server
    finally:
        server.destroy()


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis().start()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def make_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Harness]]:
    """Build a harness; workers are stopped, queues and shared databases dropped afterwards."""
    made: list[tuple[Harness, Engine, str | None]] = []

    def build(
        label: str, *, broker_url: str, private_postgres: PrivatePostgres | None = None
    ) -> Harness:
        if private_postgres is None:
            name, url = create_test_database()
            shared_name: str | None = name
        else:
            url = private_postgres.create_database(f"chaos_{uuid.uuid4().hex[:8]}")
            shared_name = None
        upgrade(url)
        engine = make_engine(url, pool_size=10)
        queue = f"chaos-{uuid.uuid4().hex[:8]}"
        harness = Harness(
            label=label,
            database_url=url,
            broker_url=broker_url,
            queue=queue,
            factory=session_factory(engine),
            publisher=publisher_for(broker_url, queue),
            workdir=tmp_path_factory.mktemp(label.replace("/", "-")),
        )
        made.append((harness, engine, shared_name))
        return harness

    yield build
    for harness, engine, shared_name in made:
        for worker in harness.workers:
            worker.stop()
        drop_queue(harness.broker_url, harness.queue)
        engine.dispose()
        if shared_name is not None:
            drop_test_database(shared_name)

"""A committed database and a real Celery worker for pipeline tests (module scope)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from infra.db import make_engine, session_factory
from tests.support.database import create_test_database, drop_test_database
from tests.support.worker import CeleryProcess, worker_env

BROKERS = {
    "redis": "redis://127.0.0.1:6379/0",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//",
}


@pytest.fixture(scope="module")
def pipeline_db() -> Iterator[str]:
    from infra.migrate import upgrade

    name, url = create_test_database()
    upgrade(url)
    yield url
    drop_test_database(name)


@pytest.fixture(scope="module")
def pipeline_factory(pipeline_db: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(pipeline_db)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="module", params=sorted(BROKERS))
def broker(request: pytest.FixtureRequest) -> str:
    return BROKERS[str(request.param)]


@pytest.fixture(scope="module")
def celery_worker(
    pipeline_db: str, broker: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[CeleryProcess, dict[str, str]]]:
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = worker_env(database_url=pipeline_db, broker_url=broker, queue=queue)
    log: Path = tmp_path_factory.mktemp("worker") / "worker.log"
    worker = CeleryProcess(env, log).start()
    yield worker, env
    worker.stop()

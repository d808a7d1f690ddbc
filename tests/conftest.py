"""Test fixtures: a migrated PostgreSQL per process, a rolled-back transaction per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.api.app import create_app
from services.auth.models import UserAccount, UserRole
from services.people.models import Network
from tests.support.database import create_test_database, drop_test_database, migrated_engine
from tests.support.factories import PASSWORD, make_network, make_user


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    name, url = create_test_database()
    yield url
    drop_test_database(name)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = migrated_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One outer transaction per test, rolled back at the end whatever the code committed."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session_maker(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
def db(session_maker: sessionmaker[Session]) -> Iterator[Session]:
    with session_maker() as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key-0123456789abcdef",  # type: ignore[arg-type]
        login_rate_limit=5,
    )


@pytest.fixture
def app_client(settings: Settings, session_maker: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(settings)
    app.state.sessionmaker = session_maker
    with TestClient(app) as client:
        yield client


@pytest.fixture
def network(db: Session) -> Network:
    return make_network(db)


@pytest.fixture
def coordinator(db: Session, network: Network) -> UserAccount:
    return make_user(db, network, UserRole.coordinator)


@pytest.fixture
def client(app_client: TestClient, coordinator: UserAccount, db: Session) -> TestClient:
    """A client logged in as a coordinator, sending the CSRF header on every request."""
    db.commit()
    response = app_client.post(
        "/api/auth/login", json={"email": coordinator.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    app_client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return app_client

"""A fresh PostgreSQL database per test process, migrated once; each test rolls back."""

from __future__ import annotations

import os
import uuid

import psycopg
from sqlalchemy import Engine

from infra.db import make_engine
from infra.migrate import upgrade

ADMIN_DSN = os.environ.get(
    "SAMVERKAN_TEST_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def admin_dsn_for(name: str) -> str:
    base, _, _ = ADMIN_DSN.rpartition("/")
    return f"{base}/{name}"


def create_test_database() -> tuple[str, str]:
    """Create an empty database with a unique name; return (name, SQLAlchemy URL)."""
    name = f"samverkan_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin_dsn_for(name).replace("postgresql://", "postgresql+psycopg://", 1)
    return name, url


def drop_test_database(name: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrated_engine(url: str) -> Engine:
    upgrade(url)
    return make_engine(url)

"""`samverkan serve` believes X-Forwarded-For only from SAMVERKAN_FORWARDED_ALLOW_IPS: a client
cannot pick the address its failed logins are counted against."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine, delete, select

from infra.db import make_engine
from services.auth.login import address_key
from services.auth.models import LoginAttempt
from tests.support.smtp_server import free_port
from tests.support.worker import PROJECT_ROOT, WORKER_SECRET_KEY


@pytest.fixture
def server(database_url: str, engine: Engine) -> Iterator[tuple[str, str]]:
    """The server on the test database (its commits removed after), trusting a proxy at
    192.0.2.1, which is not this test."""
    url, port = database_url, free_port()
    env = dict(
        os.environ,
        SAMVERKAN_DATABASE_URL=url,
        SAMVERKAN_SECRET_KEY=WORKER_SECRET_KEY,
        SAMVERKAN_FORWARDED_ALLOW_IPS="192.0.2.1",
    )
    cli = "from services.cli import main; main()"
    command = [sys.executable, "-c", cli, "serve", "--port", str(port)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base, url
    finally:
        process.terminate()
        process.wait(timeout=20)
        with engine.begin() as connection:
            connection.execute(delete(LoginAttempt))


def test_a_forged_forwarded_for_is_not_believed(server: tuple[str, str]) -> None:
    """(Trusted, uvicorn's default 127.0.0.1 would record 203.0.113.9 instead.)"""
    base, url = server
    login = {"email": "nobody@example.org", "password": "Sommar2026!"}
    headers = {"X-Forwarded-For": "203.0.113.9"}
    assert httpx.post(f"{base}/api/auth/login", json=login, headers=headers).status_code == 422
    with make_engine(url).connect() as connection:
        keys = list(connection.scalars(select(LoginAttempt.address_key)))
    assert keys == [address_key("127.0.0.1")]

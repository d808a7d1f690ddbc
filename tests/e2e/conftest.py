"""A real server (uvicorn in a thread) on its own committed database, and Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from pydantic import SecretStr
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from infra.db import session_factory
from infra.settings import Settings
from services.api.app import create_app
from services.events.consumers import process_batch
from services.events.models import DomainEvent
from services.registry import REACTIONS
from tests.support.database import create_test_database, drop_test_database, migrated_engine

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
SECRET = "e2e-secret-key-0123456789abcdef-0123"

pytestmark = pytest.mark.e2e


@dataclass
class Server:
    url: str
    settings: Settings
    engine: Engine
    factory: sessionmaker[Session]

    def run_consumers(self, rounds: int = 5) -> int:
        """What the Celery worker does: consumers over unconsumed events, until none are left."""

        done = 0
        for _ in range(rounds):
            with self.factory() as session:
                pending = select(DomainEvent.id).where(DomainEvent.consumed_at.is_(None))
                ids = list(session.scalars(pending))
            if not ids:
                break
            done += process_batch(self.factory, ids, reactions=REACTIONS)
        return done


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def e2e_server() -> Iterator[Server]:
    """Per-test rollback cannot span processes or threads, so e2e commits into its own database."""
    name, url = create_test_database()
    engine = migrated_engine(url)
    port = _free_port()
    settings = Settings(
        database_url=url,
        secret_key=SecretStr(SECRET),
        base_url=f"http://127.0.0.1:{port}",
    )
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", settings, engine, session_factory(engine))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()
        drop_test_database(name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Fresh browser contexts (separate cookies), closed after the test."""
    contexts: list[Any] = []

    def make(width: int = 1280, height: int = 900) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page: Any, name: str, *, docs: str | None = None) -> Path:
    """Into tests/e2e/screenshots; with SAMVERKAN_SCREENSHOTS=1 also as docs/screenshots/<docs>.

    Only on request, so that an ordinary test run leaves the README's pictures alone. `page`
    may be a locator: then only that part of the page is taken.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    whole = {"full_page": True} if hasattr(page, "goto") else {}
    page.screenshot(path=str(path), **whole)
    if docs and os.environ.get("SAMVERKAN_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOTS / f"{docs}.png")
    return path

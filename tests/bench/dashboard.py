"""bench dashboard: the coordinator overview and the filtered task list over real HTTP.

uvicorn serves the app in a thread of this process, so a `before_cursor_execute` listener on
the app's own engine counts the queries each request runs (requests are sequential).
"""

from __future__ import annotations

import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.api.app import create_app
from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.auth.service import hash_password
from services.people.models import Network, Organisation
from services.tasks.models import Task
from tests.bench.common import Figure, percentile
from tests.support.factories import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class QueryCounter:
    count: int = 0
    statements: list[str] = field(default_factory=list)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.count += 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _biggest_network(factory: sessionmaker[Session]) -> uuid.UUID:
    with factory() as session:
        first = session.scalar(select(Network.id).order_by(Network.created_at, Network.id).limit(1))
        assert first is not None, "no generated network"
        return first


def _coordinator(factory: sessionmaker[Session], network_id: uuid.UUID) -> str:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    with factory.begin() as session:
        session.add(
            UserAccount(
                email=email,
                password_hash=hash_password(PASSWORD),
                memberships=[NetworkMembership(network_id=network_id, role=UserRole.coordinator)],
            )
        )
    return email


def run_dashboard(url: str, factory: sessionmaker[Session], *, rounds: int) -> Figure:
    network_id = _biggest_network(factory)
    email = _coordinator(factory, network_id)
    with factory() as session:
        tasks = int(session.scalar(select(func.count()).select_from(Task)) or 0)
        network_tasks = int(
            session.scalar(select(func.count()).where(Task.network_id == network_id)) or 0
        )
        org = session.scalar(select(Organisation.id).where(Organisation.network_id == network_id))
    settings = Settings(database_url=url, secret_key="bench-secret-key-0123456789abcdef")
    app = create_app(settings)
    counter = QueryCounter()
    event.listen(app.state.engine, "before_cursor_execute", counter)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    pages = {
        "overview": "/",
        "tasks_overdue": "/uppgifter?overdue=1",
        "tasks_organisation_open": f"/uppgifter?organisation={org}&status=open",
        "tasks_all_by_due_desc": "/uppgifter?sort=-due_date",
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    queries: dict[str, set[int]] = {name: set() for name in pages}
    try:
        while not server.started:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            match = CSRF.search(client.get("/login").text)
            assert match, "login page without CSRF field"
            login = client.post(
                "/login",
                data={
                    "email": email,
                    "password": PASSWORD,
                    "csrf_token": match.group(1),
                    "next": "/",
                },
            )
            assert login.status_code in (200, 303), login.status_code
            for round_ in range(rounds + 2):
                for name, path in pages.items():
                    before = counter.count
                    started = time.perf_counter()
                    response = client.get(path)
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, (path, response.status_code)
                    if round_ >= 2:  # two warm-up rounds
                        timings[name].append(elapsed)
                        queries[name].add(counter.count - before)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        event.remove(app.state.engine, "before_cursor_execute", counter)
        app.state.engine.dispose()
    every = [t for values in timings.values() for t in values]
    return Figure(
        "dashboard",
        {
            "tasks": tasks,
            "p50_ms": round(percentile(every, 0.5), 1),
            "p95_ms": round(percentile(every, 0.95), 1),
            "queries_per_request": max(max(q) for q in queries.values()),
        },
        {
            "network_tasks": network_tasks,
            "pages": {
                name: {
                    "p50_ms": round(percentile(timings[name], 0.5), 1),
                    "p95_ms": round(percentile(timings[name], 0.95), 1),
                    "queries": sorted(queries[name]),
                }
                for name in pages
            },
        },
    )

"""The embedded default runs on SQLite: migrate, load the demo, log in, read through the API."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from infra.db import make_engine, session_factory
from infra.migrate import check, upgrade
from infra.settings import Settings
from services.actors import SYSTEM
from services.api.app import create_app
from services.auth.models import UserRole
from services.auth.service import create_user
from services.demo.load import load_demo
from services.people.models import Organisation


def test_demo_on_sqlite_through_the_api(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'embedded.db'}"
    upgrade(url)
    check(url)
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        network = load_demo(session)
        load_demo(session)  # a second `make run` reuses the data
        _, password = create_user(
            session,
            email="c@example.org",
            role=UserRole.coordinator,
            network_id=network.id,
            actor=SYSTEM,
            must_change_password=False,  # as the embedded demo login, which prints it every run
        )
        assert len(list(session.scalars(select(Organisation)))) == 18
    app = create_app(Settings(database_url=url, secret_key="k" * 40))  # type: ignore[arg-type]
    with TestClient(app) as client:
        login = client.post(
            "/api/auth/login", json={"email": "c@example.org", "password": password}
        )
        assert login.status_code == 200
        orgs = client.get("/api/organisations").json()
        assert orgs["total"] == 18
        overdue = client.get("/api/tasks", params={"overdue": "true"}).json()
        assert overdue["total"] >= 3
        meetings = client.get("/api/meetings", params={"status": "scheduled"}).json()
        assert meetings["total"] >= 1
        pages = ["/", "/moten", "/uppgifter", "/uppgifter/export", "/deadlines", "/serier"]
        pages += ["/enkater", "/post", "/organisationer", f"/moten/{meetings['items'][0]['id']}"]
        for page in pages:
            response = client.get(page)  # the dashboard reads the same session on SQLite
            assert response.status_code == 200, (page, response.text[:300])
            assert "Fel 500" not in response.text
    engine.dispose()

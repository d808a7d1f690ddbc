"""Liveness and readiness: /readyz names what is unreachable and answers 503 with Retry-After."""

from __future__ import annotations

from fastapi.testclient import TestClient

from infra.settings import Settings
from services.api.app import create_app
from tests.support.smtp_server import free_port


def test_healthz_and_readyz_when_all_is_up(app_client: TestClient) -> None:
    assert app_client.get("/healthz").json() == {"status": "ok"}
    ready = app_client.get("/readyz")
    assert ready.status_code == 200, ready.text


def test_readyz_is_503_naming_the_broker_when_it_is_down(settings: Settings) -> None:
    broken = settings.model_copy(update={"broker_url": f"redis://127.0.0.1:{free_port()}/0"})
    with TestClient(create_app(broken)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert any("broker" in reason for reason in response.json()["reasons"])


def test_readyz_is_503_naming_the_database_when_it_is_down(settings: Settings) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere"
    broken = settings.model_copy(update={"database_url": url})
    with TestClient(create_app(broken)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert any("database" in reason for reason in response.json()["reasons"])

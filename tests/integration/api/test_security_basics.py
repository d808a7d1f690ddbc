"""What a security officer checks first: no default key, Secure cookies, the headers, no
schema or metrics for strangers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import DEFAULT_SECRET_KEY, InsecureSecretKey, Settings
from services.api.app import create_app
from services.auth.models import UserAccount
from services.auth.service import create_api_token
from tests.support.worker import PROJECT_ROOT


@pytest.mark.parametrize("key", [DEFAULT_SECRET_KEY, "x" * 31])
def test_the_app_refuses_the_default_or_a_short_key(settings: Settings, key: str) -> None:
    weak = Settings(database_url=settings.database_url, secret_key=key)  # type: ignore[arg-type]
    with pytest.raises(InsecureSecretKey, match=r"secrets\.token_urlsafe"):
        create_app(weak)


def test_beat_refuses_to_start_with_the_default_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workers.celery_app",
            "beat",
            "--schedule",  # never a device: beat deletes a schedule file it cannot read
            str(tmp_path / "beat-schedule"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SAMVERKAN_SECRET_KEY" in result.stdout + result.stderr


def test_pages_carry_the_security_headers(app_client: TestClient) -> None:
    response = app_client.get("/login")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in response.text
    assert "style=" not in response.text


def test_cookies_are_secure_when_the_public_url_is_https(
    settings: Settings, session_maker: sessionmaker[Session]
) -> None:
    app = create_app(settings.model_copy(update={"base_url": "https://samverkan.example.org"}))
    app.state.sessionmaker = session_maker
    with TestClient(app, base_url="https://testserver") as client:
        response = client.get("/login")
    assert "secure" in response.headers["set-cookie"].lower()
    assert "strict-transport-security" in response.headers
    with TestClient(create_app(settings)) as plain:
        assert "secure" not in plain.get("/login").headers["set-cookie"].lower()


def test_docs_and_schema_need_a_login(
    app_client: TestClient, db: Session, coordinator: UserAccount
) -> None:
    assert app_client.get("/openapi.json").status_code == 401
    docs = app_client.get("/docs", follow_redirects=False)
    assert docs.status_code == 303
    assert docs.headers["location"].startswith("/login")
    token = create_api_token(db, user=coordinator, name="docs")
    db.commit()
    signed = app_client.get("/openapi.json", headers={"Authorization": f"Bearer {token}"})
    assert signed.status_code == 200
    assert "/api/meetings" in str(signed.json()["paths"])


def test_docs_are_shown_to_a_signed_in_coordinator(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()
    assert client.get("/openapi.json").status_code == 200

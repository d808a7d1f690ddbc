"""API tokens in the browser: made on the page (shown once), listed, revoked; a revoked token
stops working at once, and viewers may list but not make tokens."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.auth.models import UserRole
from services.people.models import Network
from tests.integration.web.conftest import login_form, post_form
from tests.support.factories import make_user

TOKEN = re.compile(r'<code class="token">(sv_[^<]+)</code>')


def test_a_token_is_made_shown_once_and_revoked(client: TestClient) -> None:
    assert "inga API-nycklar" in client.get("/api-nycklar").text
    refused = post_form(client, "/api-nycklar", {"name": "", "days": "9999"})
    assert refused.status_code == 422
    assert "Fältet måste fyllas i." in refused.text

    made = post_form(client, "/api-nycklar", {"name": "Statistikskript", "days": "30"})
    assert made.status_code == 200
    found = TOKEN.search(made.text)
    assert found is not None
    token = found.group(1)
    listed = client.get("/api-nycklar").text
    assert "Statistikskript" in listed
    assert token not in listed  # shown once
    bearer = {"Authorization": f"Bearer {token}"}
    csrf = client.headers.pop("X-CSRF-Token")
    cookies = dict(client.cookies)
    client.cookies.clear()
    assert client.get("/api/meetings", headers=bearer).status_code == 200
    client.cookies.update(cookies)
    client.headers["X-CSRF-Token"] = csrf

    token_id = re.search(r'action="/api-nycklar/([0-9a-f-]+)/aterkalla"', listed)
    assert token_id is not None
    revoked = post_form(client, f"/api-nycklar/{token_id.group(1)}/aterkalla", {})
    assert revoked.status_code == 303
    page = client.get("/api-nycklar").text
    assert "Nyckeln Statistikskript är återkallad." in page
    assert "Återkallad" in page
    client.cookies.clear()
    assert client.get("/api/meetings", headers=bearer).status_code == 401


def test_viewers_list_but_do_not_make_tokens(
    app_client: TestClient, db: Session, network: Network
) -> None:
    viewer = make_user(db, network, UserRole.viewer)
    db.commit()
    assert login_form(app_client, viewer.email).status_code == 303
    page = app_client.get("/api-nycklar").text
    assert "Skapa nyckel" not in page
    assert post_form(app_client, "/api-nycklar", {"name": "x", "days": "5"}).status_code == 403

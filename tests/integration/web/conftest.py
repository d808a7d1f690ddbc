"""Web page fixtures: a coordinator browser session, members, and helpers to post forms."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from infra.settings import Settings
from services.auth.service import LinkSigner
from services.people.models import Member, Network, Organisation
from services.tasks.models import Task
from tests.support.factories import PASSWORD, make_member, make_organisation

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: TestClient, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, "page has no CSRF field"
    return match.group(1)


def post_form(
    client: TestClient,
    path: str,
    data: Mapping[str, str | list[str]],
    files: dict[str, tuple[str, bytes, str]] | None = None,
) -> Response:
    """Post like a browser: the CSRF token from the session goes in the form body."""
    token = client.headers.get("X-CSRF-Token") or csrf_of(client)
    body = {**data, "csrf_token": token}
    response: Response = client.post(path, data=body, files=files, follow_redirects=False)
    return response


def login_form(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    token = csrf_of(client)
    data = {"email": email, "password": password, "csrf_token": token, "next": "/"}
    response: Response = client.post("/login", data=data, follow_redirects=False)
    return response


@pytest.fixture
def ale(db: Session, network: Network) -> Organisation:
    return make_organisation(db, network, "Ale")


@pytest.fixture
def lerum(db: Session, network: Network) -> Organisation:
    return make_organisation(db, network, "Lerum")


@pytest.fixture
def anna(db: Session, ale: Organisation) -> Member:
    return make_member(db, ale, "Anna Andersson")


@pytest.fixture
def bo(db: Session, lerum: Organisation) -> Member:
    return make_member(db, lerum, "Bo Berg")


@pytest.fixture
def signer(settings: Settings) -> LinkSigner:
    return LinkSigner(
        settings.secret_key.get_secret_value(), max_age_s=settings.member_link_max_age_s
    )


def make_task(
    db: Session, member: Member, title: str, *, days: int = 5, org: Organisation | None = None
) -> Task:
    task = Task(
        id=uuid.uuid4(),
        network_id=member.network_id,
        title=title,
        owner_member_id=member.id,
        owner_organisation_id=org.id if org else member.organisation_id,
        due_date=date.today() + timedelta(days=days),
    )
    db.add(task)
    db.flush()
    return task

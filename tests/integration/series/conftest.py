"""Fixtures for series planning: organisations with members, a series, signed links, a term."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from services.actors import Actor
from services.api.app import create_app
from services.auth.models import UserAccount
from services.auth.service import LinkScope, LinkSigner
from services.people.models import Member, Network, Organisation
from services.series import api as series_api
from services.series.models import MeetingSeries
from services.series.planning.calendar_rules import upcoming_terms
from tests.integration.series.helpers import SignFn
from tests.support.factories import coordinator_actor, make_member, make_organisation

# Planning depends on today (which term comes next, holidays, reply-by days, lead times), so
# every test here plans from the same ordinary autumn Wednesday morning in Stockholm.
PLANNING_DAY = datetime(2026, 10, 14, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def planning_day() -> Iterator[None]:
    with time_machine.travel(PLANNING_DAY, tick=True):
        yield


@dataclass
class People:
    """Two organisations: Ale with two members (one in the steering group), Kungälv with one."""

    ale: Organisation
    kungalv: Organisation
    anna: Member
    bo: Member
    cia: Member


@pytest.fixture
def app_client(settings: Settings, session_maker: sessionmaker[Session]) -> Iterator[TestClient]:
    """The app with the series planning router, until services/api/app.py includes it."""
    app = create_app(settings)
    paths = {getattr(route, "path", "") for route in app.routes}
    if "/api/poll/vote" not in paths:
        app.include_router(series_api.router, prefix="/api")
    app.state.sessionmaker = session_maker
    with TestClient(app) as client:
        yield client


@pytest.fixture
def people(db: Session, network: Network) -> People:
    ale = make_organisation(db, network, "Ale")
    kungalv = make_organisation(db, network, "Kungälv")
    return People(
        ale=ale,
        kungalv=kungalv,
        anna=make_member(db, ale, "Anna Andersson", in_steering_group=True),
        bo=make_member(db, ale, "Bo Berg"),
        cia=make_member(db, kungalv, "Cia Carlsson"),
    )


@pytest.fixture
def actor(coordinator: UserAccount) -> Actor:
    return coordinator_actor(coordinator)


@pytest.fixture
def series(db: Session, network: Network) -> MeetingSeries:
    row = MeetingSeries(
        network_id=network.id, name="Nätverket mottagande och integration", default_location="GR"
    )
    db.add(row)
    db.flush()
    return row


@pytest.fixture
def signer(settings: Settings) -> LinkSigner:
    return LinkSigner(
        settings.secret_key.get_secret_value(), max_age_s=settings.member_link_max_age_s
    )


@pytest.fixture
def sign(signer: LinkSigner) -> SignFn:
    def _sign(
        member: Member, scope: LinkScope, subject: uuid.UUID | None, *, age_s: int = 0
    ) -> str:
        """A member link as a mail would carry it; `age_s` backdates it to test expiry."""
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(TimestampSigner, "get_timestamp", lambda _: int(time.time()) - age_s)
            return signer.sign(member, scope=scope, subject_id=subject)

    return _sign


@pytest.fixture
def next_term() -> str:
    """The first term that has not started yet, so every proposed date lies ahead."""
    today = datetime.now(UTC).date()
    return next(t.label for t in upcoming_terms(today) if t.start > today)

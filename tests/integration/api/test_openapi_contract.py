"""The API against its own OpenAPI: schemathesis with every check, on the demo data in PostgreSQL.

Each operation (and the stateful run) works in one transaction that is rolled back afterwards,
on a database of its own with the demo loaded, signed in with a real API token; member-link
operations get real signed links in the requests schemathesis means to be valid.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis import Case, Response
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session, sessionmaker

from infra.db import session_factory
from infra.settings import Settings
from schemas.series import PollIn
from services.actors import Actor
from services.api.app import create_app
from services.auth.models import UserRole
from services.auth.service import LinkSigner, create_api_token
from services.demo.load import load_demo
from services.meetings.models import Meeting, MeetingStatus
from services.notifications import links
from services.people.models import Member
from services.series.polls import open_poll
from services.surveys.models import SurveyRecipient
from tests.support.database import create_test_database, drop_test_database, migrated_engine
from tests.support.factories import make_user

SEED = 14
pytestmark = pytest.mark.contract
EXAMPLES = 30
SECRET = "test-secret-key-0123456789abcdef"


@dataclass(frozen=True)
class Demo:
    engine: Engine
    settings: Settings
    token: str
    path_tokens: dict[str, str]  # operation path -> a real signed link for its {token}
    query_tokens: dict[str, str]  # operation path -> a real signed link for its ?token=


def _member_links(session: Session, settings: Settings, actor: Actor) -> tuple[dict[str, str], ...]:
    """Links of a demo member: RSVP to the upcoming meeting, its survey, feeds, poll."""
    signer = LinkSigner(SECRET, max_age_s=settings.member_link_max_age_s)
    feed = links.feed_signer(settings)
    recipient = session.scalars(select(SurveyRecipient).order_by(SurveyRecipient.id)).first()
    assert recipient is not None
    member = session.get(Member, recipient.member_id)
    assert member is not None
    upcoming = session.scalars(
        select(Meeting).where(Meeting.status == MeetingStatus.scheduled).order_by(Meeting.starts_at)
    ).first()
    assert upcoming is not None
    series_id = upcoming.series_id
    assert series_id is not None
    poll = open_poll(session, series_id=series_id, data=PollIn(), actor=actor)
    rsvp = signer.sign(member, scope="rsvp", subject_id=upcoming.id)
    survey = signer.sign(member, scope="survey", subject_id=recipient.survey_id)
    path_tokens = {
        "/rsvp/{token}": rsvp,
        "/survey/{token}": survey,
        "/survey/{token}/go": survey,
        "/unsubscribe/{token}": signer.sign(member, scope="unsubscribe"),
        "/feed/member/{token}.ics": feed.sign(member, scope="feed"),
        "/feed/network/{token}.ics": feed.sign(member, scope="feed", subject_id=member.network_id),
    }
    query_tokens = {
        "/api/consent": rsvp,
        "/api/poll/vote": signer.sign(member, scope="poll", subject_id=poll.id),
    }
    return path_tokens, query_tokens


@pytest.fixture(scope="module")
def demo() -> Iterator[Demo]:
    """A database of its own with the demo network, a coordinator's API token and member links."""
    name, url = create_test_database()
    engine = migrated_engine(url)
    settings = Settings(database_url=url, secret_key=SECRET)
    with session_factory(engine)() as session:
        network = load_demo(session)
        user = make_user(session, network, UserRole.coordinator)
        actor = Actor(kind="user", id=user.id, network_id=network.id, role=user.role.value)
        token = create_api_token(session, user=user, name="schemathesis")
        path_tokens, query_tokens = _member_links(session, settings, actor)
        session.commit()
    yield Demo(engine, settings, token, path_tokens, query_tokens)
    engine.dispose()
    drop_test_database(name)


# Built at import, as schemathesis collects one test per operation; the fixture below points the
# app at the demo database and its rolled-back transaction (the placeholder URL is never used).
APP = create_app(
    Settings(
        database_url="postgresql+psycopg://postgres@127.0.0.1:5432/unused",
        secret_key=SECRET,
    )
)
# A body over max_request_bytes is refused with 413 before it is parsed: a rejection too.
REJECTED = [
    "400",
    "401",
    "403",
    "404",
    "405",
    "406",
    "409",
    "413",
    "415",
    "422",
    "428",
    "429",
    "5xx",
]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES, "deterministic": True},
        "checks": {"negative_data_rejection": {"expected-statuses": REJECTED}},
    }
)
# Read in-process (GET /openapi.json wants a login); calls still go to APP over ASGI.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(APP.openapi())), config=CONFIG)
schema.app = APP


@pytest.fixture
def demo_app(demo: Demo) -> Iterator[Connection]:
    """The app on the demo database; whatever a test writes is rolled back."""
    with demo.engine.connect() as connection:
        outer = connection.begin()
        APP.state.settings = demo.settings
        APP.state.sessionmaker = sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        yield connection
        outer.rollback()


def with_member_link(case: Case[Any], demo: Demo) -> None:
    """Generated requests meant to be valid carry a genuine link; the coverage phase's drawn
    tokens stay, so forged links (403 with a Problem body) are checked as well."""
    meta = case.meta
    if meta is not None and (
        not meta.generation.mode.is_positive or meta.phase.name == TestPhase.COVERAGE
    ):
        return
    if case.operation.path in demo.path_tokens and case.path_parameters is not None:
        case.path_parameters["token"] = demo.path_tokens[case.operation.path]
    if case.operation.path in demo.query_tokens:
        case.query = {**(case.query or {}), "token": demo.query_tokens[case.operation.path]}


# 422 codes of rules no JSON Schema can state: "invalid" (an id that does not exist in the
# network, an end before the start, a meeting not yet held) and "wrong_login" (credentials).
BEYOND_SCHEMA = {"invalid", "wrong_login"}


def excluded_for(response: Response) -> list[Any]:
    """Only for a 422 with one of those codes, as the OpenAPI documents, is "valid data is
    accepted" not applicable; every 422 of the schema's own rules (code validation_error) and
    every other check still fail the run."""
    if response.status_code != 422:
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    return [positive_data_acceptance] if body.get("code") in BEYOND_SCHEMA else []


def call_and_check(case: Case[Any], demo: Demo) -> None:
    with_member_link(case, demo)
    headers = {"Authorization": f"Bearer {demo.token}"}
    response = case.call(headers=headers)
    case.validate_response(response, headers=headers, excluded_checks=excluded_for(response))


# One rolled-back transaction per operation, shared by its examples: that is what the
# function-scoped fixture is for, so hypothesis' warning about it does not apply.
@schema.parametrize()
@hypothesis.settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
def test_every_operation_keeps_its_contract(
    case: Case[Any], demo: Demo, demo_app: Connection
) -> None:
    call_and_check(case, demo)


def test_stateful_sequences_keep_the_contract(demo: Demo, demo_app: Connection) -> None:
    """Linked calls (create, then read, change, delete what was created) on the same rules;
    each scenario starts from the demo data, so a replayed scenario sees what it saw first."""

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            self.scenario = demo_app.begin_nested()

        def teardown(self) -> None:
            self.scenario.rollback()

        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            with_member_link(case, demo)
            return {"headers": {"Authorization": f"Bearer {demo.token}"}}

        def validate_response(self, response: Response, case: Case[Any], **kwargs: Any) -> None:
            case.validate_response(
                response, headers=kwargs.get("headers"), excluded_checks=excluded_for(response)
            )

    Workflow.run(
        settings=hypothesis.settings(
            max_examples=EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )


def test_member_links_are_real(demo: Demo) -> None:
    """The links the run uses are genuine, so member-link operations are really exercised."""
    signer = LinkSigner(SECRET, max_age_s=demo.settings.member_link_max_age_s)
    link = signer.verify(demo.path_tokens["/rsvp/{token}"], scope="rsvp")
    assert isinstance(link.subject_id, uuid.UUID)

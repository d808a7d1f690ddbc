"""Delivery tests: a real SMTP server, the test's savepoint session maker, fixed clocks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.mail import SmtpSender
from infra.settings import Settings
from services.events.consumers import process_batch
from services.events.models import DomainEvent
from services.meetings.models import Meeting, MeetingStatus
from services.notifications.delivery import DeliveryReport, Transports, deliver_due
from services.notifications.formatting import is_working_day
from services.notifications.transports import SmtpTransport
from services.people.models import Network
from services.registry import MAIL_KINDS, REACTIONS
from tests.support.smtp_server import CapturingSmtpServer, smtp_server_fixture

smtp_server = pytest.fixture(smtp_server_fixture)


@pytest.fixture
def delivery_settings(database_url: str, smtp_server: CapturingSmtpServer) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key-0123456789abcdef",  # type: ignore[arg-type]
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        base_url="https://samverkan.example.org",
        mail_from="natverk@samverkan.example.org",
    )


@pytest.fixture
def transports(delivery_settings: Settings) -> Transports:
    sender = SmtpSender(host=delivery_settings.smtp_host, port=delivery_settings.smtp_port)
    return Transports(smtp=SmtpTransport(sender, mail_from=delivery_settings.mail_from))


def working_morning(start: date, *, hour: int = 10, span: int = 1) -> datetime:
    """`hour` o'clock Stockholm on the first day ≥ start that begins `span` working days."""
    day = start
    while not all(is_working_day(day + timedelta(days=i)) for i in range(span)):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ).astimezone(UTC)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


def add_meeting(
    session: Session, network: Network, starts_at: datetime, hours: float = 3, **fields: object
) -> Meeting:
    import uuid

    meeting_id = uuid.uuid4()
    meeting = Meeting(
        id=meeting_id,
        network_id=network.id,
        title=str(fields.pop("title", "Nätverksträff")),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        status=fields.pop("status", MeetingStatus.planned),
        ical_uid=f"{meeting_id}@samverkan",
        **fields,
    )
    session.add(meeting)
    session.flush()
    return meeting


def run_consumers(factory: sessionmaker[Session]) -> None:
    """What the worker does with published events: every consumer, once."""
    with factory() as session:
        ids = list(session.scalars(select(DomainEvent.id).where(DomainEvent.consumed_at.is_(None))))
    if ids:
        process_batch(factory, ids, reactions=REACTIONS)


def deliver(
    factory: sessionmaker[Session], transports: Transports, settings: Settings, now: datetime
) -> DeliveryReport:
    return deliver_due(factory, transports, kinds=MAIL_KINDS, settings=settings, now=now)


def calendar_of(message: EmailMessage) -> tuple[str, Calendar]:
    """The text/calendar alternative: its MIME method= and the parsed calendar."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return str(part.get_param("method")), Calendar.from_ical(payload)
    raise AssertionError("no text/calendar part")


def to_addresses(messages: list[EmailMessage]) -> list[str]:
    return sorted(str(m["To"].addresses[0].addr_spec) for m in messages)


@pytest.fixture
def drain(smtp_server: CapturingSmtpServer) -> Iterator[CapturingSmtpServer]:
    smtp_server.clear()
    return smtp_server

"""Inbound mail tests: a private Dovecot, the published reply formats, the test's sessions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from infra.inbox import ImapInbox
from services.inbound.reader import InboxReport, read_inbox
from services.inbound.service import InboundRules
from services.meetings.models import Meeting, MeetingKind, MeetingStatus
from services.people.models import Member, Network
from tests.integration.notifications.conftest import (
    delivery_settings,
    smtp_server,
    transports,
)
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.imap_server import ImapServer, running_imap

__all__ = ["delivery_settings", "smtp_server", "transports"]  # the delivery tests' fixtures

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "inbound"
NOW = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)  # after every fixture's DTSTAMP, a Wednesday
MEETING_UID = "5c2a8e8e-3f0b-4d5e-9a43-8b0f6f2d1c77@samverkan"  # the fixtures' network meeting
STEERING_UID = "9e4b1d2c-7a6f-4c3e-8b2d-1f0e9d8c7b6a@samverkan"  # the delegation's meeting


def fixture(name: str, **values: str) -> bytes:
    """A published-format message; $name placeholders (VERP ids) filled in."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"${key}", value)
    return text.encode("utf-8")


@pytest.fixture
def imap() -> Iterator[ImapServer]:
    with running_imap() as server:
        yield server


@dataclass
class World:
    network: Network
    anna: Member
    bertil: Member
    cecilia: Member
    david: Member
    eva: Member
    fredrik: Member
    gunnar: Member
    meeting: Meeting
    steering: Meeting


def add_meeting(session: Session, network: Network, uid: str, **fields: object) -> Meeting:
    meeting = Meeting(
        network_id=network.id,
        title=str(fields.pop("title", "Nätverksträff")),
        starts_at=datetime(2027, 1, 13, 12, 0, tzinfo=UTC),
        ends_at=datetime(2027, 1, 13, 15, 0, tzinfo=UTC),
        status=fields.pop("status", MeetingStatus.scheduled),
        ical_uid=uid,
        **fields,
    )
    session.add(meeting)
    session.flush()
    return meeting


@pytest.fixture
def world(db: Session) -> World:
    network = make_network(db, "Nätverket mottagande och integration")
    alingsas = make_organisation(db, network, "Alingsås")
    lerum = make_organisation(db, network, "Lerum")
    ale = make_organisation(db, network, "Ale")
    molndal = make_organisation(db, network, "Mölndal")
    people = World(
        network=network,
        anna=make_member(db, alingsas, "Anna Andersson", email="anna.andersson@alingsas.se"),
        bertil=make_member(db, ale, "Bertil Berg", email="bertil.berg@gmail.com"),
        cecilia=make_member(db, lerum, "Cecilia Carlsson", email="cecilia.carlsson@lerum.se"),
        david=make_member(db, ale, "David Dahl", email="david.dahl@ale.se", in_steering_group=True),
        eva=make_member(db, ale, "Eva Ek", email="eva.ek@ale.se"),
        fredrik=make_member(db, molndal, "Fredrik Falk", email="fredrik.falk@molndal.se"),
        gunnar=make_member(db, lerum, "Gunnar Gran", email="old.address@lerum.se"),
        meeting=add_meeting(db, network, MEETING_UID),
        steering=add_meeting(
            db, network, STEERING_UID, title="Styrgruppsmöte", kind=MeetingKind.steering
        ),
    )
    db.commit()
    return people


def read(session_maker: sessionmaker[Session], imap: ImapServer) -> InboxReport:
    """What the beat task does, against the private Dovecot."""
    inbox = ImapInbox(imap.host, imap.port, imap.user, imap.password, tls="none")
    return read_inbox(session_maker, inbox, rules=InboundRules(), now=NOW)

"""Sample meetings and members for the notification tests (GR network flavoured)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.notifications import AttendeeRole, InviteAttendee, InviteMeeting

STAMP = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def meeting() -> InviteMeeting:
    """Onsdag 6 september 2023, 13:00–16:00 Stockholm time (11:00–14:00 UTC)."""
    return InviteMeeting(
        uid="meeting-42@samverkan.example.org",
        sequence=0,
        title="Nätverksträff mottagande och integration",
        starts_at=datetime(2023, 9, 6, 11, 0, tzinfo=UTC),
        ends_at=datetime(2023, 9, 6, 14, 0, tzinfo=UTC),
        location="GR, Anders Personsgatan 8, Göteborg",
        online_url="https://teams.example.org/l/meetup-join/abc",
        agenda=["Inledning", "Kommun i fokus: Lilla Edet", "Etableringsuppdraget <AF>"],
        organizer_name="Karin Samordnare",
        organizer_email="karin@goteborgsregionen.example.org",
        network_name="Nätverket mottagande och integration",
    )


@pytest.fixture
def attendees() -> list[InviteAttendee]:
    return [
        InviteAttendee(
            name="Karin Samordnare",
            email="karin@goteborgsregionen.example.org",
            role=AttendeeRole.chair,
        ),
        InviteAttendee(name="Åsa Öberg", email="asa.oberg@lillaedet.example.se"),
        InviteAttendee(
            name="Per Ström", email="per.strom@af.example.se", role=AttendeeRole.optional
        ),
    ]

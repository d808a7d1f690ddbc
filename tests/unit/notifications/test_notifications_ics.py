"""Invites and feeds parse back with icalendar and follow RFC 5545/5546 (UID, SEQUENCE, DST)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from schemas.notifications import FeedMeeting, FeedTask, InviteAttendee, InviteMeeting
from services.notifications.ics import (
    build_feed,
    build_invite,
    for_cancellation,
    is_significant_change,
    revise,
)

STHLM = ZoneInfo("Europe/Stockholm")
STAMP = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def start_of(event: Event) -> datetime:
    start = event.start
    assert isinstance(start, datetime)
    return start


def end_of(event: Event) -> datetime:
    end = event.end
    assert isinstance(end, datetime)
    return end


def parse(ics: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    assert len(calendar.events) == 1
    return calendar, calendar.events[0]


def at(meeting: InviteMeeting, start_local: datetime, hours: int = 3) -> InviteMeeting:
    start = start_local.replace(tzinfo=STHLM)
    return meeting.model_copy(
        update={"starts_at": start, "ends_at": start + timedelta(hours=hours)}
    )


def test_request_has_itip_essentials(
    meeting: InviteMeeting, attendees: list[InviteAttendee]
) -> None:
    calendar, event = parse(build_invite(meeting, attendees, method="REQUEST", stamp=STAMP))
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Stockholm"]
    assert event["UID"] == meeting.uid
    assert event.sequence == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event.stamp == STAMP
    assert str(event["ORGANIZER"]) == "mailto:karin@goteborgsregionen.example.org"
    assert event["ORGANIZER"].params["CN"] == "Karin Samordnare"
    assert event["LOCATION"] == meeting.location
    assert event["URL"] == meeting.online_url
    description = str(event["DESCRIPTION"])
    assert "1. Inledning\n2. Kommun i fokus: Lilla Edet" in description
    assert meeting.online_url is not None
    assert meeting.online_url in description


def test_one_attendee_per_member_with_role_partstat_rsvp(
    meeting: InviteMeeting, attendees: list[InviteAttendee]
) -> None:
    _, event = parse(build_invite(meeting, attendees, method="REQUEST", stamp=STAMP))
    found = {str(a).removeprefix("mailto:"): a.params for a in event.attendees}
    assert set(found) == {a.email for a in attendees}
    assert found["asa.oberg@lillaedet.example.se"]["CN"] == "Åsa Öberg"
    assert found["asa.oberg@lillaedet.example.se"]["ROLE"] == "REQ-PARTICIPANT"
    assert found["karin@goteborgsregionen.example.org"]["ROLE"] == "CHAIR"
    assert found["per.strom@af.example.se"]["ROLE"] == "OPT-PARTICIPANT"
    for params in found.values():
        assert params["PARTSTAT"] == "NEEDS-ACTION"
        assert params["RSVP"] == "TRUE"


def test_local_time_is_written_with_tzid(meeting: InviteMeeting) -> None:
    raw = build_invite(meeting, [], method="REQUEST", stamp=STAMP).decode()
    assert "DTSTART;TZID=Europe/Stockholm:20230906T130000" in raw
    assert "DTEND;TZID=Europe/Stockholm:20230906T160000" in raw


@pytest.mark.parametrize(
    ("local_start", "utc_offset_hours"),
    [
        (datetime(2026, 3, 27, 13, 0), 1),  # Friday before DST starts (29 March 2026)
        (datetime(2026, 3, 30, 13, 0), 2),  # Monday after
        (datetime(2026, 10, 23, 13, 0), 2),  # Friday before DST ends (25 October 2026)
        (datetime(2026, 10, 26, 13, 0), 1),  # Monday after
    ],
)
def test_times_right_across_dst_changes(
    meeting: InviteMeeting, local_start: datetime, utc_offset_hours: int
) -> None:
    planned = at(meeting, local_start)
    calendar, event = parse(build_invite(planned, [], method="REQUEST", stamp=STAMP))
    expected_utc = local_start - timedelta(hours=utc_offset_hours)
    assert start_of(event).astimezone(UTC).replace(tzinfo=None) == expected_utc
    assert start_of(event).astimezone(STHLM).hour == 13
    # The VTIMEZONE we ship (not only the client's tz database) gives the same offset.
    shipped = calendar.timezones[0].to_tz()
    assert local_start.replace(tzinfo=shipped).utcoffset() == timedelta(hours=utc_offset_hours)


@pytest.mark.parametrize(
    ("local_start", "real_hours"),
    [(datetime(2026, 3, 28, 22, 0), 5), (datetime(2026, 10, 24, 22, 0), 7)],
)
def test_event_spanning_the_dst_night_keeps_its_real_length(
    meeting: InviteMeeting, local_start: datetime, real_hours: int
) -> None:
    start = local_start.replace(tzinfo=STHLM)
    end = datetime(local_start.year, local_start.month, local_start.day + 1, 4, 0, tzinfo=STHLM)
    planned = meeting.model_copy(update={"starts_at": start, "ends_at": end})
    _, event = parse(build_invite(planned, [], method="REQUEST", stamp=STAMP))
    length = end_of(event).astimezone(UTC) - start_of(event).astimezone(UTC)
    assert length == timedelta(hours=real_hours)


def test_reschedule_keeps_uid_and_increases_sequence(
    meeting: InviteMeeting, attendees: list[InviteAttendee]
) -> None:
    first = build_invite(meeting, attendees, method="REQUEST", stamp=STAMP)
    moved = revise(meeting, at(meeting, datetime(2023, 9, 13, 13, 0)))
    second = build_invite(moved, attendees, method="REQUEST", stamp=STAMP)
    _, before = parse(first)
    _, after = parse(second)
    assert after["UID"] == before["UID"] == meeting.uid
    assert after.sequence == before.sequence + 1
    assert start_of(after).date() == date(2023, 9, 13)


@pytest.mark.parametrize(
    "change",
    [{"location": "Lilla Edets kommunhus"}, {"online_url": "https://teams.example.org/l/new"}],
)
def test_change_of_place_or_link_increases_sequence(
    meeting: InviteMeeting, change: dict[str, str]
) -> None:
    updated = revise(meeting, meeting.model_copy(update=change))
    assert is_significant_change(meeting, updated)
    assert updated.sequence == meeting.sequence + 1


def test_title_or_agenda_change_keeps_sequence(meeting: InviteMeeting) -> None:
    changed = meeting.model_copy(update={"title": "Nätverksträff HT", "agenda": ["Ny punkt"]})
    assert revise(meeting, changed).sequence == meeting.sequence


def test_revise_cannot_change_the_uid(meeting: InviteMeeting) -> None:
    other = meeting.model_copy(update={"uid": "something-else", "location": "Annanstans"})
    assert revise(meeting, other).uid == meeting.uid


def test_cancel_has_same_uid_higher_sequence_and_status_cancelled(
    meeting: InviteMeeting, attendees: list[InviteAttendee]
) -> None:
    rescheduled = revise(meeting, at(meeting, datetime(2023, 9, 13, 13, 0)))
    last_request = parse(build_invite(rescheduled, attendees, method="REQUEST", stamp=STAMP))[1]
    calendar, cancel = parse(
        build_invite(for_cancellation(rescheduled), attendees, method="CANCEL", stamp=STAMP)
    )
    assert calendar["METHOD"] == "CANCEL"
    assert cancel["UID"] == last_request["UID"]
    assert cancel.sequence > last_request.sequence
    assert cancel["STATUS"] == "CANCELLED"
    assert len(cancel.attendees) == len(attendees)
    assert all("RSVP" not in a.params for a in cancel.attendees)


def test_output_is_reproducible(meeting: InviteMeeting, attendees: list[InviteAttendee]) -> None:
    one = build_invite(meeting, attendees, method="REQUEST", stamp=STAMP)
    assert one == build_invite(meeting, attendees, method="REQUEST", stamp=STAMP)
    assert b"\r\n" in one


def test_english_description_labels(meeting: InviteMeeting) -> None:
    _, event = parse(build_invite(meeting, [], method="REQUEST", lang="en", stamp=STAMP))
    assert str(event["DESCRIPTION"]).startswith("Agenda:\n1. Inledning")


def test_feed_has_meetings_and_all_day_task_due_dates(meeting: InviteMeeting) -> None:
    cancelled = FeedMeeting(
        **at(meeting, datetime(2026, 10, 26, 13, 0)).model_dump()
        | {"uid": "meeting-43@samverkan.example.org"},
        cancelled=True,
    )
    feed = build_feed(
        [FeedMeeting(**meeting.model_dump()), cancelled],
        [
            FeedTask(
                uid="task-7@samverkan", title="Mejla ut presentationen", due_on=date(2023, 9, 20)
            ),
            FeedTask(
                uid="task-8@samverkan", title="Ansökan ESF", due_on=date(2023, 10, 1), done=True
            ),
        ],
        name="Nätverket – Åsa Öberg",
        stamp=STAMP,
    )
    calendar = Calendar.from_ical(feed)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Nätverket – Åsa Öberg"
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Stockholm"]
    by_uid = {str(e["UID"]): e for e in calendar.events}
    assert by_uid[meeting.uid]["STATUS"] == "CONFIRMED"
    assert by_uid["meeting-43@samverkan.example.org"]["STATUS"] == "CANCELLED"
    task = by_uid["task-7@samverkan"]
    assert task.start == date(2023, 9, 20)
    assert task.end == date(2023, 9, 21)
    assert task["SUMMARY"] == "Att göra: Mejla ut presentationen"
    assert str(by_uid["task-8@samverkan"]["SUMMARY"]).startswith("✓ ")
    assert b"mailto:" not in feed  # a token URL feed carries no one's e-mail address


def test_feed_without_anything_is_still_valid() -> None:
    calendar = Calendar.from_ical(build_feed([], [], name="Tomt", stamp=STAMP))
    assert calendar.events == []

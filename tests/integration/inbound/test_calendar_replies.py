"""Calendar replies in a real IMAP mailbox become the RSVPs a link answer would have written."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.inbound.models import InboundKind, InboundMessage, InboundOutcome
from services.meetings.models import MeetingStatus, Rsvp, RsvpResponse
from services.series.consent import close_consent
from services.series.models import MeetingSeries, SeriesPlan
from tests.integration.inbound.conftest import World, add_meeting, fixture, read
from tests.support.imap_server import ImapServer


def answers(db: Session, meeting_id: object) -> dict[object, RsvpResponse]:
    db.expire_all()
    rows = db.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting_id))
    return {row.member_id: row.response for row in rows}


def test_outlook_gmail_and_thunderbird_replies_become_rsvps(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    imap.append(fixture("outlook_reply_accepted.eml"))  # MAILTO: upper case, no ORGANIZER
    imap.append(fixture("gmail_reply_declined.eml"))
    imap.append(fixture("thunderbird_reply_tentative.eml"))

    report = read(session_maker, imap)

    assert report.applied == 3, report
    assert answers(db, world.meeting.id) == {
        world.anna.id: RsvpResponse.accepted,
        world.bertil.id: RsvpResponse.declined,
        world.cecilia.id: RsvpResponse.tentative,
    }
    assert (imap.count("INBOX"), imap.count("Processed")) == (0, 3)  # filed, never deleted
    anna = db.scalar(select(Rsvp).where(Rsvp.member_id == world.anna.id))
    assert anna is not None
    assert anna.responded_at == datetime(2026, 12, 2, 10, 15, tzinfo=UTC)  # the REPLY's DTSTAMP

    imap.append(fixture("outlook_reply_accepted.eml"), "INBOX")  # the same message again
    again = read(session_maker, imap)
    assert (again.applied, again.repeated) == (0, 1)
    assert (imap.count("INBOX"), imap.count("Processed")) == (0, 4)
    assert len(answers(db, world.meeting.id)) == 3


def test_an_older_reply_after_a_newer_one_changes_nothing(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    imap.append(fixture("outlook_reply_accepted.eml"))  # DTSTAMP 10:15
    read(session_maker, imap)
    imap.append(fixture("outlook_reply_declined_older.eml"))  # DTSTAMP 09:00, same SEQUENCE

    report = read(session_maker, imap)

    assert (report.applied, report.ignored) == (0, 1)
    assert answers(db, world.meeting.id) == {world.anna.id: RsvpResponse.accepted}
    row = db.scalar(select(InboundMessage).where(InboundMessage.reason == "older_than_recorded"))
    assert row is not None
    assert row.outcome == InboundOutcome.ignored


def test_a_calendar_decline_objects_in_silent_consent(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    """'I annat fall anses föreslagna mötestider godkända': a decline is an objection."""
    series = MeetingSeries(network_id=world.network.id, name="Nätverksträffar VT2027")
    db.add(series)
    db.flush()
    world.meeting.series_id = series.id
    world.meeting.status = MeetingStatus.proposed
    other = add_meeting(
        db, world.network, "other@samverkan", series_id=series.id, status=MeetingStatus.proposed
    )
    plan = SeriesPlan(
        series_id=series.id,
        network_id=world.network.id,
        term="VT2027",
        preferences=[],
        preference_source="default",
        region="",
        duration_minutes=180,
        sent_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        reply_by=date(2026, 12, 9),
    )
    db.add(plan)
    db.commit()
    imap.append(fixture("gmail_reply_declined.eml"))  # Bertil declines the proposed date

    assert read(session_maker, imap).applied == 1

    confirmed = close_consent(db, series_id=series.id, now=datetime(2026, 12, 10, tzinfo=UTC))
    assert confirmed == [other.id]  # the undeclined date is confirmed, the declined one is not
    db.expire_all()
    assert world.meeting.status == MeetingStatus.proposed


def test_a_counter_and_a_stranger_wait_for_a_person(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    world.cecilia.active = False  # Thunderbird's REPLY now comes from no attendee
    db.commit()
    imap.append(fixture("rfc5546_counter.eml"))
    imap.append(fixture("thunderbird_reply_tentative.eml"))
    imap.append(fixture("person_question.eml"))

    report = read(session_maker, imap)

    assert report.for_person == 3
    assert answers(db, world.meeting.id) == {}  # a COUNTER is shown, not applied
    assert (imap.count("INBOX"), imap.count("Processed")) == (3, 0)  # left for a person
    rows = db.scalars(select(InboundMessage).order_by(InboundMessage.reason)).all()
    assert [(r.kind, r.reason) for r in rows] == [
        (InboundKind.counter, "counter"),
        (InboundKind.reply, "not_an_attendee"),
        (InboundKind.unknown, "not_understood"),
    ]
    assert read(session_maker, imap).for_person == 0  # flagged: not read again every minute


def test_a_late_reply_to_a_cancelled_meeting_is_filed_and_changes_nothing(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    world.meeting.status = MeetingStatus.cancelled
    db.commit()
    imap.append(fixture("outlook_reply_accepted.eml"))

    report = read(session_maker, imap)

    assert (report.ignored, report.for_person) == (1, 0)
    assert answers(db, world.meeting.id) == {}
    assert imap.count("Processed") == 1

"""A steering meeting beside a network meeting follows it: moved by local wall-clock gap (also
after a longer meeting and across DST), cancelled with it (CANCEL invites), and to its new place."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from schemas.meetings import MeetingPatch, RescheduleIn
from services.actors import Actor
from services.meetings.models import Meeting, MeetingKind, MeetingMode, MeetingStatus
from services.meetings.service import (
    cancel_meeting,
    reschedule_meeting,
    schedule_meeting,
    update_meeting,
)
from services.notifications.models import Notification
from services.people.models import Network
from tests.integration.notifications.conftest import run_consumers
from tests.integration.series.conftest import People
from tests.integration.series.helpers import count_events


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


def wall(moment: datetime) -> tuple[date, time]:
    here = moment.astimezone(LOCAL_TZ)
    return here.date(), here.time()


def next_dst_change(after: date) -> date:
    day = after
    while True:
        day += timedelta(days=1)
        noon = datetime.combine(day, time(12), tzinfo=LOCAL_TZ)
        if noon.utcoffset() != (noon - timedelta(days=1)).utcoffset():
            return day


def add(db: Session, network: Network, start: datetime, end: datetime, **fields: object) -> Meeting:
    meeting_id = uuid.uuid4()
    meeting = Meeting(
        id=meeting_id,
        network_id=network.id,
        title=str(fields.pop("title", "Nätverksträff")),
        starts_at=start,
        ends_at=end,
        status=MeetingStatus.planned,
        ical_uid=f"{meeting_id}@samverkan",
        ical_sequence=0,
        **fields,
    )
    db.add(meeting)
    db.flush()
    return meeting


@pytest.fixture
def pair(db: Session, network: Network, people: People, actor: Actor) -> tuple[Meeting, Meeting]:
    """Scheduled: network meeting 13–15 the Wednesday before a DST change, steering 15:30–16:30."""
    change = next_dst_change(datetime.now(UTC).date() + timedelta(days=7))
    day = change - timedelta(days=(change.weekday() - 2) % 7 or 7)  # the Wednesday before
    main = add(db, network, local(day, 13), local(day, 15), location="GR, Ekelundsgatan 9")
    steering = add(
        db,
        network,
        local(day, 15, 30),
        local(day, 16, 30),
        title="Styrgrupp",
        kind=MeetingKind.steering,
        adjacent_to_id=main.id,
        location="GR, Ekelundsgatan 9",
        mode=MeetingMode.on_site,
    )
    for meeting in (main, steering):
        schedule_meeting(db, meeting_id=meeting.id, actor=actor)
    db.flush()
    return main, steering


def test_a_longer_network_meeting_after_dst_pushes_the_steering_meeting_after_it(
    db: Session, actor: Actor, pair: tuple[Meeting, Meeting]
) -> None:
    main, steering = pair
    next_week = wall(main.starts_at)[0] + timedelta(days=7)  # across the DST change
    data = RescheduleIn(starts_at=local(next_week, 13), ends_at=local(next_week, 16))
    reschedule_meeting(db, meeting_id=main.id, data=data, actor=actor)
    db.refresh(steering)
    assert wall(steering.starts_at) == (next_week, time(16, 30))  # same 30 minutes after the end
    assert wall(steering.ends_at) == (next_week, time(17, 30))
    assert steering.starts_at >= main.ends_at
    assert count_events(db, "meeting.rescheduled", steering.id) == 1


def test_cancelling_the_network_meeting_cancels_the_steering_meeting_and_sends_cancel(
    db: Session,
    session_maker: sessionmaker[Session],
    actor: Actor,
    people: People,
    pair: tuple[Meeting, Meeting],
) -> None:
    main, steering = pair
    cancel_meeting(db, meeting_id=main.id, actor=actor, reason="Lokalen är inte tillgänglig")
    db.refresh(steering)
    assert steering.status == MeetingStatus.cancelled
    assert count_events(db, "meeting.cancelled", steering.id) == 1
    db.commit()
    run_consumers(session_maker)
    cancels = db.scalars(
        select(Notification.recipient_member_id).where(
            Notification.kind == "meeting_cancelled", Notification.subject_id == steering.id
        )
    )
    assert list(cancels) == [people.anna.id]  # the steering group's member


def test_a_new_place_carries_over_to_the_steering_meeting_held_at_the_same_place(
    db: Session, actor: Actor, pair: tuple[Meeting, Meeting]
) -> None:
    main, steering = pair
    sequence = steering.ical_sequence
    update_meeting(
        db, meeting_id=main.id, data=MeetingPatch(location="Kungälvs stadshus"), actor=actor
    )
    db.refresh(steering)
    assert steering.location == "Kungälvs stadshus"
    assert steering.ical_sequence == sequence + 1  # an updated invite goes out

"""Reminders over real SMTP: meeting reminders (DST, declines, opt-outs, batching), the overdue
ladder day by day, deadline reminders in working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings, get_settings
from schemas.tasks import DeadlineIn, TaskIn, TaskPatch
from services.actors import Actor
from services.deadlines.service import register_deadline
from services.events.models import Timer
from services.events.timer_runner import fire_due_timers
from services.meetings.models import Rsvp, RsvpResponse
from services.meetings.service import schedule_meeting
from services.notifications.delivery import Transports
from services.notifications.formatting import is_working_day, working_days_before
from services.registry import REACTIONS
from services.tasks.models import Task, TaskStatus
from services.tasks.service import create_task, update_task
from tests.integration.notifications.conftest import (
    add_meeting,
    deliver,
    local,
    run_consumers,
    to_addresses,
    working_morning,
)
from tests.support.factories import make_member, make_network, make_organisation, make_user
from tests.support.smtp_server import CapturingSmtpServer


def quiet_week(start: date, weekday: int, span: int) -> date:
    """The first `weekday` ≥ start from which `span` days hold no Swedish holiday on a weekday."""
    day = start + timedelta(days=(weekday - start.weekday()) % 7)
    while not all(
        is_working_day(day + timedelta(days=i)) or (day + timedelta(days=i)).weekday() >= 5
        for i in range(-8, span)
    ):
        day += timedelta(days=7)
    return day


def tick(
    factory: sessionmaker[Session],
    transports: Transports,
    settings: Settings,
    now: datetime,
) -> None:
    fire_due_timers(factory, None, reactions=REACTIONS, now=now)
    deliver(factory, transports, settings, now)


def test_meeting_reminders_skip_declined_and_opted_out_and_batch_with_tasks(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    meeting_day = quiet_week(today + timedelta(days=20), weekday=2, span=1)  # a Wednesday
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Kungälv")
        anna = make_member(session, org, "Anna")
        omar = make_member(session, org, "Omar")
        bo = make_member(session, org, "Bo", notification_preferences={"meeting_reminder": False})
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        meeting = add_meeting(session, network, local(meeting_day, 13), title="Träff")
        schedule_meeting(session, meeting_id=meeting.id, actor=actor)
        session.add(Rsvp(meeting_id=meeting.id, member_id=omar.id, response=RsvpResponse.declined))
        create_task(
            session,
            data=TaskIn(
                title="Skicka statistik",
                owner_member_id=anna.id,
                due_date=meeting_day - timedelta(days=4),
            ),
            actor=actor,
        )
        session.commit()
        meeting_id = meeting.id
    run_consumers(session_maker)  # invites + the reminder timers
    deliver(session_maker, transports, delivery_settings, working_morning(today + timedelta(1)))
    smtp_server.clear()

    with session_maker() as session:
        due = {
            t.key.split(":")[1]: t.due_at
            for t in session.scalars(select(Timer).where(Timer.subject_id == meeting_id))
        }
    # 08:00 Stockholm on the day, whatever the UTC offset of that day
    assert due == {
        "7": local(meeting_day - timedelta(days=7), 8),
        "1": local(meeting_day - timedelta(days=1), 8),
    }

    before = local(meeting_day - timedelta(days=7), 7, 59)
    tick(session_maker, transports, delivery_settings, before)
    assert smtp_server.messages == []
    tick(session_maker, transports, delivery_settings, local(meeting_day - timedelta(days=7), 8))
    # Anna: meeting reminder + task reminder (3 days before due) in ONE mail; Omar declined;
    # Bo turned meeting reminders off.
    assert to_addresses(smtp_server.messages) == [anna.email]
    mail = smtp_server.messages[0]
    assert str(mail["Subject"]).startswith("Samlad påminnelse: 2")
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Träff" in text
    assert "Skicka statistik" in text
    assert text.count("Hej Anna!") == 1
    assert bo.email not in to_addresses(smtp_server.messages)

    smtp_server.clear()
    tick(session_maker, transports, delivery_settings, local(meeting_day - timedelta(days=1), 8))
    assert to_addresses(smtp_server.messages) == [anna.email]  # her task is overdue too: batched
    assert "Träff" in smtp_server.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_overdue_ladder_reaches_the_coordinator_on_day_seven(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    due = quiet_week(today + timedelta(days=14), weekday=0, span=9)  # a Monday
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Lerum")
        owner = make_member(session, org, "Olle Ägare")
        contact = make_member(session, org, "Kim Kontakt")
        org.contact_member_id = contact.id
        coordinator = make_user(session, network)
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        create_task(
            session,
            data=TaskIn(title="Återkom om studiebesök", owner_member_id=owner.id, due_date=due),
            actor=actor,
        )
        session.commit()
    received: dict[int, list[str]] = {}
    for day in range(1, 9):
        smtp_server.clear()
        tick(session_maker, transports, delivery_settings, local(due + timedelta(days=day), 9))
        received[day] = to_addresses(smtp_server.messages)
    # Mon+1..3 owner; Fri (day 4) contact; Sat/Sun wait; Mon (day 7): contact's two + coordinator.
    assert received[1] == received[2] == received[3] == [owner.email]
    assert received[4] == [contact.email]
    assert received[5] == received[6] == []
    assert received[7] == sorted([contact.email, coordinator.email])
    assert received[8] == []


def test_organisation_task_reminds_its_contact_before_and_on_the_due_day(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    """'Kommun i fokus' tasks belong to an organisation: its contact gets the reminders."""
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    due = quiet_week(today + timedelta(days=14), weekday=3, span=1)  # a Thursday
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Lilla Edet")
        make_member(session, org, "Ulla Utan Uppdrag")
        contact = make_member(session, org, "Kim Kontakt")
        org.contact_member_id = contact.id
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        create_task(
            session,
            data=TaskIn(
                title="Presentera föräldracirklar", owner_organisation_id=org.id, due_date=due
            ),
            actor=actor,
        )
        session.commit()
    received = {}
    for offset in (-3, 0):  # Monday three days before, and the day itself
        smtp_server.clear()
        tick(session_maker, transports, delivery_settings, local(due + timedelta(days=offset), 9))
        received[offset] = to_addresses(smtp_server.messages)
    assert received == {-3: [contact.email], 0: [contact.email]}


def test_overdue_ladder_follows_the_configured_days(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One day to the owner, one to the contact, then the coordinator (settings, not code)."""
    monkeypatch.setenv("SAMVERKAN_TASK_OVERDUE_OWNER_DAYS", "1")
    monkeypatch.setenv("SAMVERKAN_TASK_OVERDUE_CONTACT_DAYS", "1")
    get_settings.cache_clear()
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    due = quiet_week(today + timedelta(days=14), weekday=0, span=5)  # a Monday
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Kungälv")
        owner = make_member(session, org, "Olle Ägare")
        contact = make_member(session, org, "Kim Kontakt")
        org.contact_member_id = contact.id
        coordinator = make_user(session, network)
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        create_task(
            session,
            data=TaskIn(title="Återkom om lokaler", owner_member_id=owner.id, due_date=due),
            actor=actor,
        )
        session.commit()
    received: dict[int, list[str]] = {}
    try:
        for day in range(1, 5):
            smtp_server.clear()
            tick(session_maker, transports, delivery_settings, local(due + timedelta(days=day), 9))
            received[day] = to_addresses(smtp_server.messages)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert received == {1: [owner.email], 2: [contact.email], 3: [coordinator.email], 4: []}


def test_completed_task_stops_reminders_at_once(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    due = quiet_week(today + timedelta(days=14), weekday=0, span=4)
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Ale")
        owner = make_member(session, org, "Olle")
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        task = create_task(
            session,
            data=TaskIn(title="Mejla ut bilderna", owner_member_id=owner.id, due_date=due),
            actor=actor,
        )
        session.commit()
        task_id = task.id
    tick(session_maker, transports, delivery_settings, local(due + timedelta(days=1), 9))
    assert to_addresses(smtp_server.messages) == [owner.email]
    # Overdue row queued for tomorrow morning, then the task is done before it goes out.
    fire_due_timers(
        session_maker, None, reactions=REACTIONS, now=local(due + timedelta(days=2), 0, 30)
    )
    with session_maker() as session:
        update_task(session, task_id=task_id, data=TaskPatch(status=TaskStatus.done), actor=actor)
        session.commit()
    smtp_server.clear()
    for day in range(2, 6):
        tick(session_maker, transports, delivery_settings, local(due + timedelta(days=day), 9))
    assert smtp_server.messages == []
    with session_maker() as session:
        assert session.get(Task, task_id).status == TaskStatus.done  # type: ignore[union-attr]


def test_deadline_reminders_fourteen_and_three_working_days_before(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    closes = local(today + timedelta(days=60), 23, 59)
    with session_maker() as session:
        network = make_network(session)
        org = make_organisation(session, network, "Härryda")
        members = [make_member(session, org, n) for n in ("Ada", "Bea")]
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        deadline = register_deadline(
            session,
            data=DeadlineIn(title="Ansökan §37a", closes_at=closes, opens_at=None),
            actor=actor,
        )
        session.commit()
        timers = {
            t.key: t.due_at
            for t in session.scalars(select(Timer).where(Timer.subject_id == deadline.id))
        }
    close_day = closes.astimezone(LOCAL_TZ).date()
    for n in (14, 3):
        day = working_days_before(close_day, n)
        assert is_working_day(day)
        assert timers[f"deadline.closing:{n}:{deadline.id}"] == local(day, 8)
    for n in (14, 3):
        smtp_server.clear()
        day = working_days_before(close_day, n)
        tick(session_maker, transports, delivery_settings, local(day, 8, 5))
        assert to_addresses(smtp_server.messages) == sorted(m.email for m in members)
        assert "Ansökan §37a" in str(smtp_server.messages[0]["Subject"])

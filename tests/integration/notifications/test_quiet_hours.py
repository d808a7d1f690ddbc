"""Each network's own sending window, counted at the SMTP server: mail queued outside it waits
for it to open (send_after), mail already due waits at the claim when the window has closed,
a retry lands inside it, and urgent mail (login links) goes at once. Every instant is set."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from schemas.people import NetworkSettingsIn
from schemas.tasks import TaskIn
from services.actors import Actor
from services.notifications.claims import due_count
from services.notifications.delivery import Transports
from services.notifications.formatting import next_working_day
from services.notifications.models import Notification
from services.people.mail import welcome
from services.people.models import Member, Network
from services.people.network_settings import update_network_settings
from services.registry import MAIL_KINDS
from services.tasks.service import create_task
from tests.integration.notifications.conftest import deliver, run_consumers, to_addresses
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.smtp_server import CapturingSmtpServer


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


@dataclass
class Place:
    """A network with its window set on the settings page's service, and one member."""

    network_id: uuid.UUID
    actor: Actor
    member_id: uuid.UUID
    email: str


@dataclass
class Clock:
    """The test's instant: queue and deliver at the same wall clock."""

    traveller: time_machine.Traveller
    factory: sessionmaker[Session]
    transports: Transports
    settings: Settings
    smtp: CapturingSmtpServer

    def deliver(self, moment: datetime) -> list[str]:
        """Deliver what is due at `moment`; the addresses the SMTP server got meanwhile."""
        self.traveller.move_to(moment)
        already = len(self.smtp.messages)
        deliver(self.factory, self.transports, self.settings, moment)
        return to_addresses(self.smtp.messages[already:])


@pytest.fixture
def clock(
    session_maker: sessionmaker[Session],
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> Iterator[Clock]:
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        smtp_server.clear()
        yield Clock(traveller, session_maker, transports, delivery_settings, smtp_server)


def place(factory: sessionmaker[Session], name: str, **window: object) -> Place:
    """A network that set `window` (nothing: the default, working days 08.00–17.00)."""
    with factory() as session:
        network = make_network(session, f"{name} {uuid.uuid4().hex[:6]}")
        member = make_member(session, make_organisation(session, network, "Ale"), f"{name} Ek")
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        if window:
            data = NetworkSettingsIn.model_validate({"delivery_channel": "smtp", **window})
            update_network_settings(session, data=data, actor=actor)
        session.commit()
        return Place(network.id, actor, member.id, member.email)


def assign_task(factory: sessionmaker[Session], *places: Place) -> None:
    """A task for each place's member: a mail that is not urgent ("task assigned")."""
    with factory() as session:
        for p in places:
            task = TaskIn(title="Skicka statistik", owner_member_id=p.member_id, due_date=_far())
            create_task(session, data=task, actor=p.actor)
        session.commit()
    run_consumers(factory)


def _far() -> date:
    return date(2027, 6, 30)


def send_after(factory: sessionmaker[Session], p: Place) -> list[datetime | None]:
    with factory() as session:
        query = select(Notification.send_after).where(Notification.network_id == p.network_id)
        return list(session.scalars(query))


def test_an_evening_holds_the_default_network_and_not_one_open_until_nine(clock: Clock) -> None:
    wednesday = date(2026, 12, 2)
    clock.traveller.move_to(local(wednesday, 19))
    office = place(clock.factory, "Kontor")
    evening = place(clock.factory, "Kväll", send_from="07:00", send_until="21:00")
    assign_task(clock.factory, office, evening)
    with clock.factory() as session:
        welcome(session, session.get(Member, office.member_id))  # type: ignore[arg-type]
        session.commit()
    # The login link is urgent: at once, even in the default network's evening.
    assert clock.deliver(local(wednesday, 19)) == sorted([office.email, evening.email])
    assert send_after(clock.factory, office).count(local(wednesday + timedelta(1), 8)) == 1
    assert clock.deliver(local(wednesday + timedelta(1), 7, 30)) == []
    assert clock.deliver(local(wednesday + timedelta(1), 8)) == [office.email]


def test_mail_already_due_waits_at_the_claim_once_its_window_has_closed(clock: Clock) -> None:
    wednesday = date(2026, 12, 2)
    clock.traveller.move_to(local(wednesday, 16, 30))
    office = place(clock.factory, "Kontor")
    evening = place(clock.factory, "Kväll", send_from="07:00", send_until="21:00")
    early = place(clock.factory, "Tidig", send_from="06:00", send_until="16:00")
    assign_task(clock.factory, office, evening, early)
    # Queued at 16.30: due now in the two open networks, tomorrow at 06.00 in the early one.
    assert send_after(clock.factory, office) == [local(wednesday, 16, 30)]
    assert send_after(clock.factory, early) == [local(wednesday + timedelta(1), 6)]
    with clock.factory() as session:
        session.execute(  # as if the scans fell behind: due rows of both left over at 17.30
            update(Notification).values(send_after=local(wednesday, 16, 30))
        )
        session.commit()
    late = local(wednesday, 17, 30)
    assert due_count(clock.factory, MAIL_KINDS, now=late) == 1  # the claim's own condition
    assert clock.deliver(late) == [evening.email]
    assert clock.deliver(local(wednesday, 21, 30)) == []
    assert clock.deliver(local(wednesday + timedelta(1), 6)) == [early.email]
    assert clock.deliver(local(wednesday + timedelta(1), 8)) == [office.email]


def test_a_weekend_sends_only_where_the_network_chose_weekends(clock: Clock) -> None:
    saturday = date(2026, 12, 5)
    clock.traveller.move_to(local(saturday, 10))
    office = place(clock.factory, "Kontor")
    weekends = place(clock.factory, "Helg", send_on_weekends=True)
    assign_task(clock.factory, office, weekends)
    assert clock.deliver(local(saturday, 10)) == [weekends.email]
    assert send_after(clock.factory, office) == [local(date(2026, 12, 7), 8)]  # Monday
    assert clock.deliver(local(saturday + timedelta(1), 12)) == []
    assert clock.deliver(local(date(2026, 12, 7), 8)) == [office.email]


def test_a_holiday_sends_only_where_the_network_chose_holidays(clock: Clock) -> None:
    epiphany = date(2027, 1, 6)  # trettondedag jul, a Wednesday
    clock.traveller.move_to(local(epiphany, 10))
    office = place(clock.factory, "Kontor")
    weekends = place(clock.factory, "Helg", send_on_weekends=True)
    holidays = place(clock.factory, "Röd", send_on_holidays=True)
    assign_task(clock.factory, office, weekends, holidays)
    assert clock.deliver(local(epiphany, 10)) == [holidays.email]
    thursday = epiphany + timedelta(1)
    assert send_after(clock.factory, weekends) == [local(thursday, 8)]
    assert clock.deliver(local(thursday, 8)) == sorted([office.email, weekends.email])


def _network(factory: sessionmaker[Session], p: Place) -> Network:
    with factory() as session:
        network = session.get(Network, p.network_id)
        assert network is not None
        return network


@pytest.mark.parametrize(
    ("saturday", "opens_utc"),
    [
        # The clocks go forward on Easter Day 2027: CEST, and the Monday is a holiday too.
        (date(2027, 3, 27), datetime(2027, 3, 28, 6, 0, tzinfo=UTC)),
        (date(2026, 10, 24), datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),  # clocks go back: CET
    ],
)
def test_the_window_opens_at_eight_stockholm_time_on_the_night_the_clocks_change(
    clock: Clock, saturday: date, opens_utc: datetime
) -> None:
    clock.traveller.move_to(local(saturday, 20))
    every_day = place(clock.factory, "Alla", send_on_weekends=True, send_on_holidays=True)
    office = place(clock.factory, "Kontor")
    assign_task(clock.factory, every_day, office)
    assert _network(clock.factory, every_day).send_on_weekends is True
    assert send_after(clock.factory, every_day) == [opens_utc]
    assert opens_utc.astimezone(LOCAL_TZ).hour == 8
    assert clock.deliver(opens_utc - timedelta(minutes=30)) == []  # 07.30 in Stockholm
    assert clock.deliver(opens_utc) == [every_day.email]
    workday = next_working_day(saturday)
    assert send_after(clock.factory, office) == [local(workday, 8)]
    assert clock.deliver(local(workday, 8) - timedelta(minutes=1)) == []
    assert clock.deliver(local(workday, 8)) == [office.email]


def test_a_retry_after_a_soft_bounce_waits_for_its_networks_window(clock: Clock) -> None:
    wednesday = date(2026, 12, 2)
    just_before = local(wednesday, 16, 59) + timedelta(seconds=50)
    clock.traveller.move_to(just_before)
    office = place(clock.factory, "Kontor")
    evening = place(clock.factory, "Kväll", send_until="21:00")
    assign_task(clock.factory, office, evening)
    clock.smtp.fail_next("RCPT", 451, count=2)  # both try again later, 15–30 s from now
    assert clock.deliver(just_before) == []
    [office_retry] = send_after(clock.factory, office)
    [evening_retry] = send_after(clock.factory, evening)
    assert office_retry == local(wednesday + timedelta(1), 8)
    assert evening_retry is not None
    assert just_before < evening_retry <= just_before + timedelta(seconds=30)
    assert clock.deliver(evening_retry) == [evening.email]
    assert clock.deliver(office_retry) == [office.email]


def test_widening_the_window_brings_waiting_mail_forward(clock: Clock) -> None:
    saturday = date(2026, 12, 5)
    clock.traveller.move_to(local(saturday, 10))
    office = place(clock.factory, "Kontor")
    assign_task(clock.factory, office)
    assert clock.deliver(local(saturday, 11)) == []
    with clock.factory() as session:
        data = NetworkSettingsIn(delivery_channel="smtp", send_on_weekends=True)
        update_network_settings(session, data=data, actor=office.actor)
        session.commit()
    assert send_after(clock.factory, office) == [local(saturday, 11)]
    assert clock.deliver(local(saturday, 11)) == [office.email]

"""Bounces in a real IMAP mailbox mark addresses failing; auto-replies do not; a fix clears it."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from infra.settings import Settings
from schemas.people import MemberPatch
from services.actors import Actor
from services.inbound.models import InboundKind, InboundMessage
from services.inbound.service import purge_raw
from services.notifications.delivery import Transports
from services.notifications.models import Notification
from services.people.bounces import record_bounce
from services.people.links import LinkSigner
from services.people.mail import send_fresh_link
from services.people.models import DeliveryChannel, EmailStatus, Member
from services.people.service import update_member
from tests.integration.inbound.conftest import NOW, World, fixture, read
from tests.integration.notifications.conftest import deliver
from tests.support.imap_server import ImapServer
from tests.support.smtp_server import CapturingSmtpServer


def notification_for(db: Session, member: Member) -> Notification:
    """A reminder that went out to the member (its id is in the VERP address)."""
    row = Notification(
        network_id=member.network_id,
        recipient_member_id=member.id,
        channel=DeliveryChannel.smtp,
        kind="meeting_reminder",
        idempotency_key=f"test:{uuid.uuid4()}",
    )
    db.add(row)
    db.commit()
    return row


def status(db: Session, member: Member) -> tuple[EmailStatus, float]:
    db.expire_all()
    fresh = db.get(Member, member.id)
    assert fresh is not None
    return fresh.email_status, fresh.bounce_score


def test_a_dsn_naming_the_mail_by_verp_marks_its_recipient_failing(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    sent = notification_for(db, world.anna)
    # The DSN's Final-Recipient is a forwarding address: only the VERP id names Anna.
    imap.append(fixture("dsn_verp_postfix.eml", notification=sent.id.hex))

    assert read(session_maker, imap).applied == 1

    assert status(db, world.anna) == (EmailStatus.failing, 1.0)
    anna = db.get(Member, world.anna.id)
    assert anna is not None
    assert (anna.bounce_reason or "").startswith("5.1.1")
    kept = db.scalar(select(InboundMessage).where(InboundMessage.kind == InboundKind.bounce))
    assert kept is not None
    assert kept.raw is not None
    assert "delivery-status" in kept.raw
    assert kept.purge_after == NOW + timedelta(days=90)
    assert (imap.count("INBOX"), imap.count("Processed")) == (0, 1)

    assert purge_raw(db, now=NOW + timedelta(days=91)) == 1  # audit copy erased after retention
    db.expire_all()
    assert db.get(InboundMessage, kept.id).raw is None  # type: ignore[union-attr]


def test_a_bounce_without_verp_is_read_by_flufl_bounce(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    imap.append(fixture("bounce_exim_no_verp.eml"))  # X-Failed-Recipients, no DSN fields

    assert read(session_maker, imap).applied == 1

    assert status(db, world.gunnar) == (EmailStatus.failing, 1.0)
    assert status(db, world.cecilia) == (EmailStatus.ok, 0.0)  # same organisation, untouched


def test_an_auto_reply_to_the_bounce_address_is_no_bounce(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    sent = notification_for(db, world.fredrik)
    imap.append(fixture("auto_reply_outlook.eml", notification=sent.id.hex))

    report = read(session_maker, imap)

    assert (report.applied, report.ignored) == (0, 1)
    assert status(db, world.fredrik) == (EmailStatus.ok, 0.0)
    assert imap.count("Processed") == 1


def test_correcting_the_address_clears_it(
    session_maker: sessionmaker[Session], db: Session, imap: ImapServer, world: World
) -> None:
    imap.append(fixture("bounce_exim_no_verp.eml"))
    read(session_maker, imap)
    assert status(db, world.gunnar)[0] == EmailStatus.failing
    actor = Actor(kind="user", network_id=world.network.id, role="coordinator")

    update_member(
        db, member_id=world.gunnar.id, data=MemberPatch(email="gunnar.gran@lerum.se"), actor=actor
    )
    db.commit()

    assert status(db, world.gunnar) == (EmailStatus.ok, 0.0)


def test_soft_bounces_count_once_a_day_reach_the_threshold_and_go_stale(
    db: Session, world: World
) -> None:
    member = world.cecilia
    for _ in range(3):  # a burst on one day is one bad day
        record_bounce(db, member=member, hard=False, reason="4.2.2 mailbox full", now=NOW)
    assert status(db, member) == (EmailStatus.ok, 0.5)
    for day in range(1, 9):
        record_bounce(db, member=member, hard=False, reason="4.2.2", now=NOW + timedelta(days=day))
    assert status(db, member) == (EmailStatus.ok, 4.5)
    record_bounce(db, member=member, hard=False, reason="4.2.2", now=NOW + timedelta(days=9))
    assert status(db, member) == (EmailStatus.failing, 5.0)

    other = world.eva
    record_bounce(db, member=other, hard=False, reason="4.2.2", now=NOW)
    record_bounce(db, member=other, hard=False, reason="4.2.2", now=NOW + timedelta(days=31))
    assert status(db, other) == (EmailStatus.ok, 0.5)  # 30 days quiet: the score started over


def test_a_member_asking_for_a_fresh_link_clears_it_and_gets_the_link(
    session_maker: sessionmaker[Session],
    db: Session,
    imap: ImapServer,
    world: World,
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    imap.append(fixture("bounce_exim_no_verp.eml"))
    read(session_maker, imap)
    assert status(db, world.gunnar)[0] == EmailStatus.failing
    secret = delivery_settings.secret_key.get_secret_value()
    old_link = LinkSigner(secret, max_age_s=60).sign(world.gunnar, scope="member")

    send_fresh_link(db, token=old_link, secret=secret)
    db.commit()

    assert status(db, world.gunnar) == (EmailStatus.ok, 0.0)
    asked = db.scalar(
        select(Notification).where(
            Notification.recipient_member_id == world.gunnar.id, Notification.kind == "login_link"
        )
    )
    assert asked is not None
    soon = utcnow() + timedelta(minutes=1)  # asked for just now; urgent, so any hour will do
    assert deliver(session_maker, transports, delivery_settings, soon).sent == 1
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["old.address@lerum.se"]]

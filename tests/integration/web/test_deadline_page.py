"""A deadline's own page: corrected, followed by chosen people only (the reminders go to them),
and withdrawn after asking once, with word to its followers at the SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from services.audit.models import AuditEntry
from services.deadlines.models import Deadline, DeadlineFollower
from services.deadlines.reminders import deadline_audience
from services.events.models import Timer
from services.notifications.delivery import Transports
from services.people.models import Member, Network, Organisation
from tests.integration.notifications.conftest import (
    deliver,
    delivery_settings,
    run_consumers,
    smtp_server,
    to_addresses,
    transports,
    working_morning,
)
from tests.integration.web.conftest import post_form
from tests.support.factories import make_member
from tests.support.smtp_server import CapturingSmtpServer

__all__ = ["delivery_settings", "smtp_server", "transports"]  # fixtures used by name
NOW = datetime.now(UTC).replace(microsecond=0)  # the session cookie is signed at the real time


def _deadline(db: Session, network: Network, days: int = 40) -> Deadline:
    deadline = Deadline(
        network_id=network.id, title="Utlysning ESF", closes_at=NOW + timedelta(days=days)
    )
    db.add(deadline)
    db.flush()
    return deadline


def _edit_form(deadline: Deadline, **extra: str) -> dict[str, str]:
    closes = deadline.closes_at.astimezone(LOCAL_TZ)
    return {
        "title": deadline.title,
        "closes": closes.date().isoformat(),
        "closes_time": f"{closes:%H:%M}",
        **extra,
    }


def test_editing_moves_the_reminders_and_says_who_gets_them(
    client: TestClient, db: Session, network: Network, anna: Member, bo: Member
) -> None:
    deadline = _deadline(db, network)
    new_close = (NOW + timedelta(days=60)).astimezone(LOCAL_TZ).date()
    form = _edit_form(deadline, title="Utlysning ESF+", closes=new_close.isoformat())
    done = post_form(client, f"/deadlines/{deadline.id}", form)
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Tidsfristen är ändrad. Påminnelserna följer de nya datumen och går till 2" in page
    db.refresh(deadline)
    assert deadline.title == "Utlysning ESF+"
    assert deadline.closes_at.astimezone(LOCAL_TZ).date() == new_close
    armed = db.scalars(
        select(Timer.due_at).where(Timer.subject_id == deadline.id, Timer.fired_at.is_(None))
    ).all()
    assert max(armed) == deadline.closes_at
    entry = db.scalar(
        select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity_id == deadline.id)
    )
    assert entry is not None  # the log names what changed, not the whole form sent back
    assert entry.details == {"fields": ["closes_at", "title"]}
    refused = post_form(client, f"/deadlines/{deadline.id}", _edit_form(deadline, url="ftp://x"))
    assert refused.status_code == 422
    assert 'id="url-error"' in refused.text


def test_chosen_followers_are_the_only_ones_reminded(
    client: TestClient,
    db: Session,
    network: Network,
    ale: Organisation,
    lerum: Organisation,
    anna: Member,
    bo: Member,
) -> None:
    steering = make_member(db, lerum, "Sara Styr", in_steering_group=True)
    deadline = _deadline(db, network)
    assert len(deadline_audience(db, deadline)) == 3  # nobody chosen: everyone
    form = {"who": "chosen", "group": "steering", "organisation": str(ale.id)}
    done = post_form(client, f"/deadlines/{deadline.id}/foljare", form)
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Nu följer 2 personer tidsfristen; bara de får påminnelserna." in page
    assert set(deadline_audience(db, deadline)) == {anna.id, steering.id}
    refused = post_form(client, f"/deadlines/{deadline.id}/foljare", {"who": "chosen"})
    assert refused.status_code == 422
    assert "älj minst en grupp, organisation eller person" in refused.text
    assert set(deadline_audience(db, deadline)) == {anna.id, steering.id}
    done = post_form(client, f"/deadlines/{deadline.id}/foljare", {"who": "everyone"})
    assert (
        "Alla aktiva medlemmar följer nu tidsfristen (3 personer"
        in client.get(done.headers["location"]).text
    )
    assert db.scalars(select(DeadlineFollower)).all() == []


def test_withdrawing_asks_once_then_tells_the_followers(
    client: TestClient,
    db: Session,
    network: Network,
    anna: Member,
    bo: Member,
    session_maker: sessionmaker[Session],
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    deadline = Deadline(
        network_id=network.id,
        title="Utlysning ESF",
        closes_at=datetime.now(UTC) + timedelta(days=40),
    )
    db.add(deadline)
    db.flush()
    db.add(DeadlineFollower(deadline_id=deadline.id, member_id=bo.id))
    db.commit()
    deadline_id = deadline.id
    asked = post_form(client, f"/deadlines/{deadline_id}/dra-tillbaka", {})
    assert asked.status_code == 200
    assert "1 person som följer den får besked. Vill du det?" in asked.text
    assert db.get(Deadline, deadline_id) is not None
    done = post_form(client, f"/deadlines/{deadline_id}/dra-tillbaka", {"confirm": "1"})
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Tidsfristen ”Utlysning ESF” är tillbakadragen. Besked skickas till 1 person." in page
    db.expunge_all()
    assert db.get(Deadline, deadline_id) is None
    run_consumers(session_maker)
    now = working_morning((datetime.now(UTC) + timedelta(days=1)).date())
    assert deliver(session_maker, transports, delivery_settings, now).sent == 1
    assert to_addresses(smtp_server.messages) == [bo.email]
    assert "Tillbakadragen: Utlysning ESF" in str(smtp_server.messages[0]["Subject"])

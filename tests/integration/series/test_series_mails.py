"""Series mails reach the members: the silent-consent proposal and the preference poll, each
with signed links whose GET only shows a page and whose POST records the answer."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from infra.mail import SmtpSender
from infra.settings import Settings
from services.meetings.models import MeetingStatus
from services.notifications.delivery import Transports
from services.notifications.models import Notification, NotificationStatus
from services.notifications.transports import SmtpTransport
from services.series.consent import consent_due_at
from services.series.models import ConsentResponse, MeetingSeries, PollVote
from tests.integration.notifications.conftest import deliver, working_morning
from tests.integration.series.conftest import People
from tests.integration.series.helpers import SignFn
from tests.integration.series.test_series_consent import fire, network_meetings, statuses
from tests.support.smtp_server import CapturingSmtpServer, smtp_server_fixture

BASE = "https://samverkan.example.org"
LINK = re.compile(re.escape(BASE) + r"(/serie/(?:svar|enkat)/[^\s?]+\?[a-z]+=[a-z-]+)")


smtp_server = pytest.fixture(smtp_server_fixture)


@pytest.fixture
def delivery_settings(database_url: str, smtp_server: CapturingSmtpServer) -> Settings:
    """Same secret as the app's settings, so the mail's links open in the test app."""
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key-0123456789abcdef",  # type: ignore[arg-type]
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        base_url=BASE,
    )


@pytest.fixture
def transports(delivery_settings: Settings) -> Transports:
    sender = SmtpSender(host=delivery_settings.smtp_host, port=delivery_settings.smtp_port)
    return Transports(smtp=SmtpTransport(sender, mail_from=delivery_settings.mail_from))


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def mail_to(server: CapturingSmtpServer, email: str) -> EmailMessage:
    found = [m for m in server.messages if m["To"].addresses[0].addr_spec == email]
    assert len(found) == 1, [m["To"] for m in server.messages]
    return found[0]


def rows(db: Session, kind: str) -> list[Notification]:
    db.expire_all()
    return list(db.scalars(select(Notification).where(Notification.kind == kind)))


def deliver_all(
    db: Session,
    session_maker: sessionmaker[Session],
    transports: Transports,
    settings: Settings,
    kind: str,
) -> datetime:
    """Deliver at a working-hours moment after every row may go out."""
    send_after = max(r.send_after for r in rows(db, kind) if r.send_after)
    now = working_morning(send_after.date() + timedelta(days=1))
    report = deliver(session_maker, transports, settings, now)
    assert report.failed == 0, report
    assert all(r.status == NotificationStatus.sent for r in rows(db, kind))
    return now


@pytest.fixture
def member_client(client: TestClient) -> TestClient:
    """A browser of its own: no coordinator session, only what the mail's link carries."""
    return TestClient(client.app)


def test_send_proposal_mails_every_invitee_and_their_objection_link_keeps_the_date(
    client: TestClient,
    member_client: TestClient,
    db: Session,
    session_maker: sessionmaker[Session],
    series: MeetingSeries,
    people: People,
    next_term: str,
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    body = {"term": next_term, "count": 3, "adjacent": {"kind": "steering"}}
    response = client.post(f"/api/series/{series.id}/proposal", json=body)
    assert response.status_code == 201, response.text
    proposal: list[dict[str, Any]] = response.json()["meetings"]
    reply_by = datetime.now(UTC).date() + timedelta(days=7)
    sent = client.post(f"/api/series/{series.id}/send-proposal", json={"reply_by": str(reply_by)})
    assert sent.status_code == 200, sent.text
    # Sending again with the same date asks for nothing new.
    client.post(f"/api/series/{series.id}/send-proposal", json={"reply_by": str(reply_by)})

    found = rows(db, "series_proposal")
    invitees = {people.anna.id, people.bo.id, people.cia.id}
    assert sorted(str(r.recipient_member_id) for r in found) == sorted(map(str, invitees))

    smtp_server.clear()
    now = deliver_all(db, session_maker, transports, delivery_settings, "series_proposal")
    assert now < consent_due_at(reply_by)
    assert len(smtp_server.messages) == 3
    cia_mail = text_of(mail_to(smtp_server, people.cia.email))
    anna_mail = text_of(mail_to(smtp_server, people.anna.email))
    assert "svara direkt, annars anses föreslagna mötestider godkända" in cia_mail
    assert f"Svara senast {_swedish(reply_by)}" in cia_mail
    first = network_meetings(proposal)[0]
    assert _swedish_range(first) in cia_mail
    # Cia is not in the steering group: only the three network dates; Anna gets all six.
    assert len(LINK.findall(cia_mail)) == 6
    assert len(LINK.findall(anna_mail)) == 12

    second = network_meetings(proposal)[1]
    objection = _link_for(cia_mail, second["title"], "Passar inte")
    page = member_client.get(objection)
    assert page.status_code == 200, page.text
    assert "tiden passar inte mig" in page.text
    assert second["title"] in page.text
    assert 'method="post"' in page.text
    assert _consents(db) == 0  # a GET (a mail scanner, a preview) records nothing

    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"csrf_token": csrf.group(1), "svar": "passar-inte", "comment": "KS-sammanträde"}
    posted = member_client.post(objection.split("?")[0], data=form)
    assert posted.status_code == 200, posted.text
    assert "Tack" in posted.text
    assert _consents(db) == 1

    report = client.get(f"/api/series/{series.id}/consent").json()
    entry = next(d for d in report["dates"] if d["meeting"]["id"] == second["id"])
    assert [o["name"] for o in entry["objections"]] == ["Cia Carlsson"]
    assert entry["objections"][0]["comment"] == "KS-sammanträde"

    fire(db, reply_by)
    status = statuses(db, series)
    assert status[uuid.UUID(second["id"])] == MeetingStatus.proposed
    steering_beside = [m for m in proposal if m.get("adjacent_to_id") == second["id"]]
    assert all(status[uuid.UUID(m["id"])] == MeetingStatus.proposed for m in steering_beside)
    others = [m for m in proposal if m["id"] != second["id"] and m not in steering_beside]
    assert others
    assert all(status[uuid.UUID(m["id"])] == MeetingStatus.scheduled for m in others)


def test_forged_expired_and_wrong_links_show_a_swedish_page_and_change_nothing(
    client: TestClient,
    member_client: TestClient,
    db: Session,
    series: MeetingSeries,
    people: People,
    next_term: str,
    sign: SignFn,
) -> None:
    body = {"term": next_term, "count": 2}
    proposal = client.post(f"/api/series/{series.id}/proposal", json=body).json()["meetings"]
    reply_by = datetime.now(UTC).date() + timedelta(days=7)
    client.post(f"/api/series/{series.id}/send-proposal", json={"reply_by": str(reply_by)})
    meeting_id = uuid.UUID(proposal[0]["id"])
    page = member_client.get(f"/serie/svar/{sign(people.bo, 'rsvp', meeting_id)}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"csrf_token": csrf.group(1), "svar": "passar-inte"}

    expired = sign(people.bo, "rsvp", meeting_id, age_s=30 * 24 * 3600)
    forged = sign(people.bo, "rsvp", meeting_id)[:-3] + "xyz"
    wrong_scope = sign(people.bo, "member", meeting_id)
    for token, status, text in (
        (expired, 410, "Länken har gått ut"),
        (forged, 403, "Ogiltig"),
        (wrong_scope, 403, "Ogiltig"),
    ):
        for method in ("get", "post"):
            response = getattr(member_client, method)(
                f"/serie/svar/{token}", **({"data": form} if method == "post" else {})
            )
            assert response.status_code == status, (method, response.text)
            assert text.lower() in response.text.lower()
    without_csrf = member_client.post(
        f"/serie/svar/{sign(people.bo, 'rsvp', meeting_id)}", data={"svar": "passar-inte"}
    )
    assert without_csrf.status_code == 403
    assert _consents(db) == 0


def test_open_poll_mails_every_member_one_link_per_option_and_a_click_votes(
    client: TestClient,
    member_client: TestClient,
    db: Session,
    session_maker: sessionmaker[Session],
    series: MeetingSeries,
    people: People,
    transports: Transports,
    delivery_settings: Settings,
    smtp_server: CapturingSmtpServer,
) -> None:
    response = client.post(f"/api/series/{series.id}/poll", json={"options": ["wed", "fri-am"]})
    assert response.status_code == 201, response.text
    found = rows(db, "series_poll")
    invitees = {people.anna.id, people.bo.id, people.cia.id}
    assert {r.recipient_member_id for r in found} == invitees

    smtp_server.clear()
    deliver_all(db, session_maker, transports, delivery_settings, "series_poll")
    bo_mail = text_of(mail_to(smtp_server, people.bo.email))
    assert "onsdag eftermiddag" in bo_mail
    assert "fredag förmiddag" in bo_mail
    links = LINK.findall(bo_mail)
    assert len(links) == 3  # wed-am, wed-pm, fri-am
    wed_pm = next(link for link in links if link.endswith("slot=wed-pm"))

    page = member_client.get(wed_pm)
    assert page.status_code == 200, page.text
    assert "onsdag eftermiddag" in page.text
    assert _votes(db) == 0
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    posted = member_client.post(
        wed_pm.split("?")[0], data={"csrf_token": csrf.group(1), "slot": "wed-pm"}
    )
    assert posted.status_code == 200, posted.text
    assert "Tack" in posted.text
    results = client.get(f"/api/series/{series.id}/poll/results").json()
    assert results["best"] == ["wed-pm"]
    assert results["members_voted"] == 1


def _link_for(text: str, title: str, label: str) -> str:
    """The link labelled `label` in the block of the date titled `title`."""
    block = text.split(title, 1)[1]
    line = next(line for line in block.splitlines() if line.strip().startswith(label + ":"))
    match = LINK.search(line)
    assert match is not None, line
    return match.group(1)


def _swedish(day: date) -> str:
    from services.notifications.formatting import format_date

    return format_date(day, "sv")


def _swedish_range(meeting: dict[str, Any]) -> str:
    from services.notifications.formatting import format_range

    start, end = (datetime.fromisoformat(meeting[k]) for k in ("starts_at", "ends_at"))
    return format_range(start, end, "sv")


def _consents(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(ConsentResponse)) or 0)


def _votes(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(PollVote)) or 0)

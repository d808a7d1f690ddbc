"""The Swedish pages speak Swedish: no mail-kind identifiers, no English failure reasons, no ids,
and the words a coordinator would use ("Tidsfrister", "Aktivera", "Glömt lösenordet?")."""

from __future__ import annotations

import html
import re
import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from services.auth.service import LinkSigner
from services.events.models import DeadLetter
from services.notifications.models import Notification, NotificationStatus
from services.people.models import DeliveryChannel, Member, Network, Organisation
from tests.integration.web.conftest import make_task
from tests.support.factories import make_member

TAGS = re.compile(r"<[^>]+>")


def visible(page: str) -> str:
    """The text a reader sees: tags dropped (attributes such as form actions are not text)."""
    body = page.split("<body", 1)[1]
    return html.unescape(TAGS.sub(" ", body))


def add_mail(
    db: Session, member: Member, kind: str, status: NotificationStatus, error: str | None
) -> None:
    db.add(
        Notification(
            network_id=member.network_id,
            recipient_member_id=member.id,
            channel=DeliveryChannel.smtp,
            kind=kind,
            idempotency_key=f"wording:{uuid.uuid4()}",
            status=status,
            last_error=error,
        )
    )
    db.flush()


MAIL = [
    ("login_link", NotificationStatus.sent, None, "Inloggningslänk", None),
    ("task_assigned", NotificationStatus.sent, None, "Ny uppgift", None),
    (
        "meeting_invite",
        NotificationStatus.suppressed,
        "recipient inactive or gone",
        "Inbjudan till möte",
        "Mottagaren är avaktiverad eller borttagen.",
    ),
    (
        "survey_reminder",
        NotificationStatus.suppressed,
        "already answered",
        "Påminnelse om enkät",
        "Mottagaren har redan svarat.",
    ),
    (
        "meeting_reminder",
        NotificationStatus.failed,
        "gave up after 8 attempts: SMTP server answered 451",
        "Påminnelse om möte",
        "Gav upp efter 8 försök. E-postservern svarade med ett tillfälligt fel (kod 451).",
    ),
    (
        "task_overdue",
        NotificationStatus.failed,
        "uncertain: worker died while sending",
        "Försenad uppgift",
        "Osäkert om mejlet kom fram",
    ),
]


def test_sent_mail_shows_swedish_kinds_and_reasons_not_identifiers(
    client: TestClient, db: Session, anna: Member
) -> None:
    for kind, status, error, _, _ in MAIL:
        add_mail(db, anna, kind, status, error)
    text = visible(client.get("/post").text)
    for kind, _, error, label, reason in MAIL:
        assert kind not in text
        assert label in text
        if error:
            assert error not in text
            assert reason in text
    assert "Orsak" in text


def test_overview_failures_name_the_mail_and_the_job_in_swedish(
    client: TestClient, db: Session, network: Network, anna: Member
) -> None:
    add_mail(db, anna, "survey_invitation", NotificationStatus.failed, "all recipients refused")
    db.add(
        DeadLetter(
            task_name="consumer:followups",
            network_id=network.id,
            error="OperationalError('server closed the connection unexpectedly')",
        )
    )
    db.flush()
    text = visible(client.get("/").text)
    assert "Enkät efter mötet" in text
    assert "Mottagarens adress nekades av e-postservern." in text
    assert "Bakgrundsjobb: uppgifter och datum ur godkända protokoll" in text
    for identifier in ("survey_invitation", "consumer:followups", "OperationalError", "refused"):
        assert identifier not in text
    assert "döda meddelanden" not in text


def test_menu_says_tidsfrister_in_swedish_and_deadlines_in_english(client: TestClient) -> None:
    swedish = client.get("/deadlines").text
    assert ">Tidsfrister</a>" in swedish
    assert "Deadlines" not in visible(swedish)
    client.get("/sprak/en")
    assert ">Deadlines</a>" in client.get("/deadlines").text


def test_a_deactivated_member_can_be_activated_not_shown_active(
    client: TestClient, db: Session, ale: Organisation
) -> None:
    make_member(db, ale, "Cecilia Dahl", active=False)
    page = client.get("/organisationer").text
    row = next(r for r in page.split("<tr>") if "Cecilia Dahl" in r)
    buttons = re.findall(r"<button[^>]*>(.*?)</button>", row, re.S)
    names = [" ".join(html.unescape(TAGS.sub("", b)).split()) for b in buttons]
    assert "Aktivera: Cecilia Dahl" in names
    assert not any(name.startswith("Aktiv:") or name == "Aktiv" for name in names)


def test_login_page_says_what_to_do_about_a_forgotten_password(app_client: TestClient) -> None:
    text = visible(app_client.get("/login").text)
    assert "Glömt lösenordet?" in text
    assert "engångslösenord" in text
    assert "it-avdelningen" in text


def test_a_missing_meeting_is_worded_without_its_id(client: TestClient) -> None:
    missing = uuid.uuid4()
    response = client.get(f"/moten/{missing}")
    assert response.status_code == 404
    text = visible(response.text)
    assert str(missing) not in text
    assert "Meeting" not in text
    assert "Sidan finns inte." in text


def test_one_overdue_task_is_forsenad_not_forsenade(
    client: TestClient, db: Session, anna: Member, signer: LinkSigner
) -> None:
    make_task(db, anna, "Skicka statistik", days=-2)
    db.commit()
    member_page = client.get(f"/m/{signer.sign(anna, scope='member')}").text
    for page in (client.get("/uppgifter").text, member_page):
        assert '<span class="badge">Försenad</span>' in page
        assert '<span class="badge">Försenade</span>' not in page

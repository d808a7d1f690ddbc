"""Every mail kind, background job and reason the notification code can record has Swedish and
English words on the pages, so "Skickad post" and the overview never show an identifier."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from infra.graph import GraphAuthError, GraphTransientError
from infra.mail import PermanentDeliveryError, TransientDeliveryError
from schemas.notifications import MailKind
from services.notifications.failures import UNCERTAIN
from services.notifications.transports import Deferred
from services.registry import REACTIONS
from services.web import mail_labels

SERVICES = Path(__file__).resolve().parents[2] / "services"


def _literal(node: ast.AST | None) -> str | None:
    return str(node.value) if isinstance(node, ast.Constant) and node.value else None


def skip_reasons() -> set[str]:
    """Every literal reason a mail can be skipped for: the channel's `Skip("…")` and the strings
    the domains' send-time checks (in their mail.py) return."""
    found: set[str] = set()
    for source in SERVICES.rglob("*.py"):
        checks = source.name == "mail.py"
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Skip":
                found.add(_literal(node.args[0] if node.args else None) or "")
            elif checks and isinstance(node, ast.Return):
                value = node.value.body if isinstance(node.value, ast.IfExp) else node.value
                found.add(_literal(value) or "")
    return found - {""}


def test_the_notification_code_still_skips_for_reasons() -> None:
    assert "recipient inactive or gone" in skip_reasons()


@pytest.mark.parametrize("reason", sorted(skip_reasons()))
def test_every_skip_reason_has_words(reason: str) -> None:
    assert reason in mail_labels.SKIPPED
    for lang in ("sv", "en"):
        assert mail_labels.reason_label(reason, lang) != mail_labels.reason_label("?", lang)


@pytest.mark.parametrize("kind", list(MailKind))
def test_every_mail_kind_has_a_label_in_both_languages(kind: MailKind) -> None:
    swedish, english = (
        mail_labels.kind_label(kind.value, "sv"),
        mail_labels.kind_label(kind.value, "en"),
    )
    assert kind.value in mail_labels.KINDS
    assert swedish != english
    assert "_" not in swedish


def test_every_consumer_and_timer_has_a_job_label() -> None:
    names = {c.name for c in REACTIONS.consumers}
    assert names, "no consumers registered"
    assert names <= mail_labels.CONSUMERS.keys()
    timers = set(REACTIONS._timers)
    assert timers <= mail_labels.TIMERS.keys()
    unknown = mail_labels.job_label("timer:new.kind", "sv")
    assert all(mail_labels.job_label(f"timer:{kind}", "sv") != unknown for kind in timers)


@pytest.mark.parametrize(
    ("error", "swedish"),
    [
        (UNCERTAIN, "Osäkert om mejlet kom fram"),
        (str(Deferred(30, "throttled")), "gränsen för hur mycket som får skickas"),
        (str(TransientDeliveryError("SMTP connection failed: TimeoutError")), "Kunde inte nå"),
        (str(PermanentDeliveryError("SMTP server answered 554", code=554)), "(kod 554)"),
        (str(PermanentDeliveryError("all recipients refused ([550])")), "nekades"),
        ("550 5.1.1 mailbox unavailable", "tog inte emot mejlet (kod 550)"),
        ("gave up after 8 attempts: SMTP server answered 451", "Gav upp efter 8 försök."),
        (str(GraphAuthError("Graph sendMail: HTTP 401 InvalidAuthenticationToken")), "behörighet"),
        (str(GraphTransientError("Graph sendMail: no response")), "Kunde inte nå Microsoft 365"),
        ("unknown kind quarterly_report", "Annat utskick"),
        ("weekly_digest is for members", "bara till medlemmar"),
        ("KeyError('meeting')", "Tekniskt fel"),
    ],
)
def test_failures_read_as_swedish_sentences(error: str, swedish: str) -> None:
    text = mail_labels.reason_label(error, "sv")
    assert swedish in text
    assert error not in text
    assert mail_labels.reason_label(error, "en") != text


def test_no_error_is_no_reason() -> None:
    assert mail_labels.reason_label(None, "sv") == ""
    assert mail_labels.reason_label("", "en") == ""


def test_dead_letters_name_the_job() -> None:
    assert mail_labels.job_label("notification.deliver", "sv") == "Utskick av mejl"
    assert (
        mail_labels.job_label("consumer:surveys", "en")
        == "Background job: survey after the meeting"
    )
    assert mail_labels.job_label("consumer:new", "sv") == "Bakgrundsjobb: okänt"

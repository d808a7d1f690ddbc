"""The login-link mail says how long the link lasts as a person would ("14 dagar", not
"20160 minuter"), and asks "Bad du inte om en länk?" only when someone asked for it: a
coordinator adds people without asking them."""

from __future__ import annotations

from typing import Literal

import pytest

from schemas.notifications import Lang, LoginLinkContext, MailKind
from services.notifications.rendering import render_mail

BASE = "https://samverkan.example.org"


def login_mail(
    minutes: int, lang: Lang, reason: Literal["welcome", "expired_link"] = "welcome"
) -> tuple[str, str]:
    context = LoginLinkContext(
        recipient_name="Anna Andersson",
        unsubscribe_url=f"{BASE}/unsubscribe/t",
        member_page_url=f"{BASE}/m/t",
        network_name="Nätverket mottagande och integration",
        login_url=f"{BASE}/m/t",
        expires_in_minutes=minutes,
        reason=reason,
    )
    mail = render_mail(MailKind.login_link, lang=lang, context=context)
    return mail.text, mail.html


@pytest.mark.parametrize(
    ("minutes", "lang", "said"),
    [
        (20160, "sv", "gäller i 14 dagar"),
        (20160, "en", "valid for 14 days"),
        (1500, "sv", "gäller i 1 dag och 1 timme"),
        (90, "en", "valid for 1 hour and 30 minutes"),
        (15, "sv", "gäller i 15 minuter"),
        (1, "en", "valid for 1 minute"),
    ],
)
def test_the_link_lifetime_is_in_days_hours_or_minutes(minutes: int, lang: Lang, said: str) -> None:
    text, html = login_mail(minutes, lang)
    assert said in text
    assert said in html
    if minutes >= 60:
        assert str(minutes) not in text


@pytest.mark.parametrize(
    ("lang", "asked"), [("sv", "Bad du inte om en länk"), ("en", "Did not ask")]
)
def test_a_welcome_does_not_assume_the_person_asked_for_it(lang: Lang, asked: str) -> None:
    for body in login_mail(20160, lang, "welcome"):
        assert asked not in body
        assert (
            "Samordnaren har lagt till dig" if lang == "sv" else "coordinator added you"
        ) in body


@pytest.mark.parametrize(
    ("lang", "asked"), [("sv", "Bad du inte om en länk"), ("en", "Did not ask")]
)
def test_a_fresh_link_says_what_to_do_if_you_did_not_ask(lang: Lang, asked: str) -> None:
    for body in login_mail(20160, lang, "expired_link"):
        assert asked in body
        assert "lagt till dig" not in body
        assert "added you" not in body


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_mail_does_not_promise_a_single_use_link(lang: Lang) -> None:
    """Member links can be opened again until they expire."""
    for body in login_mail(20160, lang):
        assert "en gång" not in body
        assert "used once" not in body

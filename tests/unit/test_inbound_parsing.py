"""What a mail says, read from the published formats: calendar answers, DSNs, auto-replies."""

from __future__ import annotations

import email
import uuid
from email.message import Message
from pathlib import Path

import pytest

from services.inbound.bounces import is_auto_reply, read_bounce
from services.inbound.itip import address, answers_in, parse_answers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "inbound"
SENT = uuid.UUID("3b1f6c0e-8a2d-4e5f-9b7c-1d2e3f4a5b6c")


def load(name: str) -> Message:
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("$notification", SENT.hex)
    return email.message_from_string(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MAILTO:ANNA.ANDERSSON@ALINGSAS.SE", "anna.andersson@alingsas.se"),
        ("mailto:bertil.berg@gmail.com", "bertil.berg@gmail.com"),
        ("Mailto: eva.ek@ale.se ", "eva.ek@ale.se"),
        ("eva.ek@ale.se", "eva.ek@ale.se"),
    ],
)
def test_attendee_addresses_compare_without_scheme_or_case(value: str, expected: str) -> None:
    assert address(value) == expected


def test_outlook_reply_without_organizer_is_read() -> None:
    [answer] = answers_in(load("outlook_reply_accepted.eml"))
    assert answer.method == "REPLY"
    assert [(a.email, a.partstat) for a in answer.attendees] == [
        ("anna.andersson@alingsas.se", "ACCEPTED")
    ]


def test_gmail_sends_the_reply_twice_and_it_counts_once() -> None:
    assert len(answers_in(load("gmail_reply_declined.eml"))) == 1


def test_delegation_names_the_delegate() -> None:
    [answer] = answers_in(load("rfc5546_reply_delegated.eml"))
    [attendee] = answer.attendees
    assert (attendee.partstat, attendee.delegated_to) == ("DELEGATED", ("eva.ek@ale.se",))


def test_a_request_is_no_answer() -> None:
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x\r\n"
    assert parse_answers(ics + b"END:VEVENT\r\nEND:VCALENDAR\r\n") == []


def test_a_dsn_with_verp_names_the_mail_and_is_hard() -> None:
    bounce = read_bounce(load("dsn_verp_postfix.eml"), local_part="bounce")
    assert bounce is not None
    assert (bounce.notification_id, bounce.hard, bounce.not_a_bounce) == (SENT, True, None)


@pytest.mark.parametrize(
    ("name", "why"), [("dsn_spam_rejection.eml", "spam"), ("dsn_delayed.eml", "delayed")]
)
def test_spam_rejections_and_delays_are_not_bounces(name: str, why: str) -> None:
    bounce = read_bounce(load(name), local_part="bounce")
    assert bounce is not None
    assert bounce.not_a_bounce == why


def test_an_out_of_office_is_an_auto_reply_and_no_bounce() -> None:
    message = load("auto_reply_outlook.eml")
    assert read_bounce(message, local_part="bounce") is None
    assert is_auto_reply(message)


def test_a_persons_mail_is_neither() -> None:
    message = load("person_question.eml")
    assert read_bounce(message, local_part="bounce") is None
    assert not is_auto_reply(message)
    assert answers_in(message) == []

"""Member links: signed, scoped to one member and purpose, expiring; forgeries say nothing more."""

from __future__ import annotations

import time
import uuid

import pytest

from services.auth.service import LinkExpired, LinkInvalid, LinkSigner
from services.people.models import Member


def member() -> Member:
    return Member(id=uuid.uuid4(), network_id=uuid.uuid4(), name="A", email="a@example.org")


def test_round_trip_keeps_member_scope_and_subject() -> None:
    signer = LinkSigner("s" * 40, max_age_s=60)
    someone, meeting_id = member(), uuid.uuid4()
    link = signer.verify(signer.sign(someone, scope="rsvp", subject_id=meeting_id), scope="rsvp")
    assert (link.member_id, link.network_id, link.subject_id) == (
        someone.id,
        someone.network_id,
        meeting_id,
    )


def test_forged_token_is_invalid() -> None:
    signer = LinkSigner("s" * 40, max_age_s=60)
    token = signer.sign(member(), scope="member")
    with pytest.raises(LinkInvalid) as caught:
        signer.verify(token[:-3] + ("abc" if not token.endswith("abc") else "xyz"))
    assert caught.value.status_code == 403
    other = LinkSigner("t" * 40, max_age_s=60)
    with pytest.raises(LinkInvalid):
        other.verify(token)


def test_expired_token_is_410() -> None:
    signer = LinkSigner("s" * 40, max_age_s=1)
    token = signer.sign(member(), scope="member")
    time.sleep(2.1)
    with pytest.raises(LinkExpired) as caught:
        signer.verify(token)
    assert caught.value.status_code == 410


def test_a_survey_link_does_not_open_rsvp() -> None:
    signer = LinkSigner("s" * 40, max_age_s=60)
    token = signer.sign(member(), scope="survey", subject_id=uuid.uuid4())
    with pytest.raises(LinkInvalid):
        signer.verify(token, scope="rsvp")

"""The member page answers meetings by the same rules as the mail link (rsvp.respond): maybe and
substitutes work, cancelled and past meetings are refused, an unknown answer is a 422."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.auth.service import LinkSigner
from services.meetings.models import Meeting, MeetingKind, MeetingStatus, Rsvp, RsvpResponse
from services.notifications.models import Notification
from services.people.models import Member, Network, Organisation
from tests.integration.web.conftest import post_form
from tests.support.factories import make_meeting, make_member


def answer(
    client: TestClient, signer: LinkSigner, member: Member, meeting: Meeting, **data: str
) -> int:
    token = signer.sign(member, scope="member")
    return post_form(client, f"/m/{token}/svar/{meeting.id}", data).status_code


def rsvps(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Rsvp)) or 0)


def test_member_page_offers_maybe_and_a_substitute(
    app_client: TestClient,
    db: Session,
    network: Network,
    ale: Organisation,
    anna: Member,
    bo: Member,
    signer: LinkSigner,
) -> None:
    sara = make_member(db, ale, "Sara Ersättare")
    meeting = make_meeting(
        db, network, days_ahead=5, status=MeetingStatus.scheduled, kind=MeetingKind.steering
    )
    anna.in_steering_group = True
    db.commit()
    page = app_client.get(f"/m/{signer.sign(anna, scope='member')}").text
    assert 'value="tentative"' in page
    assert "Sara Ersättare" in page
    assert "Bo Berg" not in page  # another organisation

    assert answer(app_client, signer, anna, meeting, response="tentative") == 303
    db.expire_all()
    assert db.scalar(select(Rsvp.response).where(Rsvp.member_id == anna.id)) == (
        RsvpResponse.tentative
    )

    other_org = answer(
        app_client, signer, anna, meeting, response="declined", substitute_member_id=str(bo.id)
    )
    assert other_org == 422
    ok = answer(
        app_client, signer, anna, meeting, response="declined", substitute_member_id=str(sara.id)
    )
    assert ok == 303
    db.expire_all()
    row = db.scalars(select(Rsvp).where(Rsvp.member_id == anna.id)).one()
    assert (row.response, row.substitute_member_id) == (RsvpResponse.declined, sara.id)
    invite = db.scalar(
        select(Notification).where(
            Notification.recipient_member_id == sara.id, Notification.kind == "meeting_invite"
        )
    )
    assert invite is not None  # not in the steering group: the substitute gets her own invite


def test_member_page_refuses_unknown_answers_and_closed_meetings(
    app_client: TestClient, db: Session, network: Network, anna: Member, signer: LinkSigner
) -> None:
    coming = make_meeting(db, network, days_ahead=5, status=MeetingStatus.scheduled)
    cancelled = make_meeting(db, network, days_ahead=5, status=MeetingStatus.cancelled)
    past = make_meeting(db, network, days_ahead=-2, status=MeetingStatus.scheduled)
    db.commit()
    assert answer(app_client, signer, anna, coming, response="maybe") == 422
    assert answer(app_client, signer, anna, coming) == 422
    assert answer(app_client, signer, anna, cancelled, response="accepted") == 409
    assert answer(app_client, signer, anna, past, response="accepted") == 409
    assert rsvps(db) == 0

"""A network with something on every page: meetings in each state, mail, a series out for
consent and a poll, signed member links (fresh and expired), for the accessibility walk."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy.orm import Session

from schemas.series import ConsentIn, PollIn, SendProposalIn, SeriesProposalIn
from services.actors import Actor
from services.auth.models import NetworkMembership, UserAccount, UserRole
from services.auth.service import LinkScope, LinkSigner
from services.deadlines.models import Deadline
from services.events.models import DeadLetter
from services.inbound.models import InboundKind, InboundMessage, InboundOutcome
from services.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Rsvp,
    RsvpResponse,
)
from services.minutes.models import Minutes, MinutesStatus
from services.notifications.links import CONSENT_OBJECTS, CONSENT_PATH, POLL_PATH
from services.notifications.models import Notification, NotificationStatus
from services.people.models import DeliveryChannel, EmailStatus, Member, Network
from services.series.consent import record_consent
from services.series.models import MeetingSeries
from services.series.planning.calendar_rules import upcoming_terms
from services.series.polls import open_poll
from services.series.service import propose, send_proposal
from services.surveys.service import open_survey_for_meeting
from services.tasks.models import Task
from tests.support.factories import (
    coordinator_actor,
    make_meeting,
    make_member,
    make_network,
    make_organisation,
    make_user,
)

MAIL = (  # kind, status, last error: what the "Skickad post" page has to word
    ("login_link", NotificationStatus.sent, None),
    ("task_assigned", NotificationStatus.sent, None),
    ("meeting_invite", NotificationStatus.suppressed, "recipient inactive or gone"),
    ("task_reminder", NotificationStatus.suppressed, "task no longer open"),
    (
        "meeting_reminder",
        NotificationStatus.failed,
        "gave up after 8 attempts: SMTP server answered 451",
    ),
    ("survey_invitation", NotificationStatus.failed, "all recipients refused ([550])"),
    ("weekly_digest", NotificationStatus.pending, "SMTP connection failed: TimeoutError"),
)


@dataclass
class Site:
    """What the walk visits: ids for the coordinator's pages and member links."""

    coordinator_email: str
    meetings: dict[str, uuid.UUID]
    member_page: str
    rsvp: str
    rsvp_closed: str
    survey: str
    unsubscribe: str
    consent: str
    poll: str
    expired: str
    forged: str
    series: str  # out for consent, with an objection and a poll
    fresh_series: str  # nothing planned yet: the walk proposes on it
    person: str  # Anna's person page
    organisation: str  # Ale's page: contact person and other names
    personal_data: str = ""  # a member's personal data page (export, erase)


def build_site(db: Session, signer: LinkSigner) -> Site:
    """Everything is committed by the caller: the server runs in another thread."""
    network = make_network(db, f"Nätverket mottagande och integration {uuid.uuid4().hex[:6]}")
    ale, lerum = make_organisation(db, network, "Ale"), make_organisation(db, network, "Lerum")
    gr = make_organisation(db, network, "Göteborgsregionen")
    network.coordinator_organisation_id = gr.id
    anna = make_member(db, ale, "Anna Andersson", in_steering_group=True)
    bertil = make_member(db, ale, "Bertil Ek")
    bo = make_member(db, lerum, "Bo Berg")
    make_member(db, lerum, "Cecilia Dahl", active=False)  # her button reads "Aktivera"
    ale.contact_member_id = anna.id
    user = make_user(db, network, UserRole.coordinator)
    # An administrator who coordinates a second network too: the header shows the switcher.
    user.is_admin = True
    second = make_network(db, f"Handläggarnätverket {uuid.uuid4().hex[:6]}")
    user.memberships.append(NetworkMembership(network_id=second.id, role=UserRole.viewer))
    meetings = _meetings(db, network, (anna, bertil, bo))
    _tasks_and_deadlines(db, network, anna, meetings["approved"])
    _mail(db, network, anna)
    consent_meeting, poll_id, series_id = _series(db, network, user, anna)
    term = next(t.label for t in upcoming_terms(date.today()) if t.start > date.today())
    fresh = MeetingSeries(network_id=network.id, name="Styrgruppens träffar", term=term)
    db.add(fresh)
    db.flush()
    survey = open_survey_for_meeting(
        db, meeting_id=meetings["held"], now=datetime.now(UTC) - timedelta(hours=1)
    )
    assert survey is not None
    return Site(
        coordinator_email=user.email,
        meetings=meetings,
        member_page=f"/m/{signer.sign(anna, scope='member')}",
        rsvp=f"/rsvp/{signer.sign(anna, scope='rsvp', subject_id=meetings['scheduled'])}",
        rsvp_closed=f"/rsvp/{signer.sign(anna, scope='rsvp', subject_id=meetings['held'])}",
        survey=f"/survey/{signer.sign(anna, scope='survey', subject_id=survey.id)}",
        unsubscribe=f"/unsubscribe/{signer.sign(anna, scope='unsubscribe')}",
        consent=CONSENT_PATH.format(
            token=signer.sign(anna, scope="rsvp", subject_id=consent_meeting)
        )
        + f"?svar={CONSENT_OBJECTS}",
        poll=POLL_PATH.format(token=signer.sign(anna, scope="poll", subject_id=poll_id))
        + "?slot=wed-pm",
        expired=f"/m/{_backdated(signer, anna, 'member', days=30)}",
        forged=f"/m/{signer.sign(anna, scope='member')}x",
        series=f"/serier/{series_id}",
        fresh_series=f"/serier/{fresh.id}",
        person=f"/personer/{anna.id}",
        organisation=f"/organisation/{ale.id}",
        personal_data=f"/organisationer/medlemmar/{bertil.id}/personuppgifter",
    )


def _backdated(signer: LinkSigner, member: Member, scope: LinkScope, *, days: int) -> str:
    """A genuine link signed `days` ago, so it has expired."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(TimestampSigner, "get_timestamp", lambda _: int(time.time()) - days * 86400)
        return signer.sign(member, scope=scope)


def _meetings(db: Session, network: Network, members: tuple[Member, ...]) -> dict[str, uuid.UUID]:
    """One meeting in each state the meeting page knows."""
    planned = make_meeting(db, network, days_ahead=30, location="GR, Tornet")
    for position, title in enumerate(("Inledning", "Kommun i fokus: Ale", "Övrigt"), start=1):
        db.add(AgendaItem(meeting_id=planned.id, position=position, number=position, title=title))
    scheduled = make_meeting(db, network, days_ahead=10, status=MeetingStatus.scheduled)
    db.add(Rsvp(meeting_id=scheduled.id, member_id=members[2].id, response=RsvpResponse.accepted))
    held = make_meeting(db, network, days_ahead=-2, status=MeetingStatus.held)
    approved = make_meeting(db, network, days_ahead=-40, status=MeetingStatus.minutes_approved)
    for meeting in (held, approved):
        for member in members:
            db.add(
                Attendance(
                    meeting_id=meeting.id, member_id=member.id, status=AttendanceStatus.present
                )
            )
    db.add(
        Minutes(
            meeting_id=approved.id,
            text="1. Inledning",
            status=MinutesStatus.approved,
            approved_at=approved.ends_at + timedelta(days=2),
        )
    )
    cancelled = make_meeting(db, network, days_ahead=20, status=MeetingStatus.cancelled)
    db.flush()
    return {
        "planned": planned.id,
        "scheduled": scheduled.id,
        "held": held.id,
        "approved": approved.id,
        "cancelled": cancelled.id,
    }


def _tasks_and_deadlines(db: Session, network: Network, anna: Member, source: uuid.UUID) -> None:
    today = date.today()
    for title, days in (("Ta fram statistik per kommun", -3), ("Mejla ut presentationen", 5)):
        db.add(
            Task(
                network_id=network.id,
                title=title,
                owner_member_id=anna.id,
                owner_organisation_id=anna.organisation_id,
                due_date=today + timedelta(days=days),
                source_meeting_id=source,
            )
        )
    now = datetime.now(UTC)
    db.add(
        Deadline(
            network_id=network.id,
            title="Länsstyrelsens utlysning: tidiga insatser",
            opens_at=now - timedelta(days=5),
            closes_at=now + timedelta(days=20),
            url="https://example.org/utlysning",
        )
    )


def _mail(db: Session, network: Network, anna: Member) -> None:
    now = datetime.now(UTC)
    for index, (kind, status, error) in enumerate(MAIL):
        db.add(
            Notification(
                network_id=network.id,
                recipient_member_id=anna.id,
                channel=DeliveryChannel.smtp,
                kind=kind,
                idempotency_key=f"a11y:{network.id}:{index}",
                status=status,
                attempts=1,
                last_error=error,
                sent_at=now if status == NotificationStatus.sent else None,
            )
        )
    db.add(  # what the organiser mailbox left for a person, and an address that bounces
        InboundMessage(
            digest=uuid.uuid4().hex,
            network_id=network.id,
            kind=InboundKind.counter,
            outcome=InboundOutcome.for_person,
            reason="counter",
            subject="Förslag på ny tid: Nätverksträff",
            sender="anna.andersson@example.org",
            proposed_starts_at=now + timedelta(days=15),
            proposed_ends_at=now + timedelta(days=15, hours=3),
            note="Torsdagen passar bättre",
            received_at=now,
        )
    )
    failing = make_member(db, anna.organisation, "Dagny Ström", email="dagny@example.org")
    failing.email_status, failing.failing_since = EmailStatus.failing, now
    failing.bounce_reason = "5.1.1 smtp; 550 5.1.1 User unknown"
    db.add(
        DeadLetter(
            task_name="consumer:followups",
            network_id=network.id,
            error="OperationalError('server closed the connection unexpectedly')",
            attempts=8,
        )
    )


def _series(
    db: Session, network: Network, user: UserAccount, anna: Member
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A proposal out for silent consent (with one objection) and a preference poll."""
    actor = coordinator_actor(user)
    series = MeetingSeries(network_id=network.id, name="Nätverksträffar", default_location="GR")
    db.add(series)
    db.flush()
    today = date.today()
    term = next(t.label for t in upcoming_terms(today) if t.start > today)
    proposal = propose(
        db, series_id=series.id, data=SeriesProposalIn(term=term, count=2), actor=actor
    )
    reply_by = today + timedelta(days=7)
    send_proposal(db, series_id=series.id, data=SendProposalIn(reply_by=reply_by), actor=actor)
    first = proposal.meetings[0].id
    record_consent(
        db,
        member=anna,
        meeting_id=first,
        data=ConsentIn(works=False, comment="Krockar med kommunstyrelsen"),
        actor=Actor(kind="member", id=anna.id, network_id=network.id),
    )
    poll = open_poll(db, series_id=series.id, data=PollIn(options=["wed-pm", "fri"]), actor=actor)
    db.flush()
    return first, poll.id, series.id


def meeting_of(db: Session, meeting_id: uuid.UUID) -> Meeting:
    meeting = db.get(Meeting, meeting_id)
    assert meeting is not None
    return meeting

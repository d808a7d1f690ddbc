"""Demo data for `make run`: the reference network's 18 organisations with fictional members."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from services.actors import Actor
from services.auth.service import MemberLink
from services.deadlines.models import Deadline
from services.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
)
from services.meetings.service import schedule_meeting
from services.minutes.models import Minutes, MinutesStatus
from services.people.models import Member, MemberRole, Network, Organisation
from services.people.registry import GR_NETWORK_NAME, GR_ORGANISATIONS
from services.series.models import MeetingSeries
from services.surveys.answers import submit_answers
from services.surveys.models import SurveyQuestion, SurveyRecipient
from services.surveys.service import open_survey_for_meeting
from services.tasks.models import Task

DEMO_DATA = Path(__file__).resolve().parent / "data"
FIRST_NAMES = (
    "Karin",
    "Johan",
    "Sara",
    "Per",
    "Elin",
    "Mikael",
    "Nadia",
    "Oskar",
    "Maria",
    "Lena",
    "Anders",
    "Hanna",
    "Erik",
    "Amina",
    "Jonas",
    "Sofia",
    "Ali",
    "Emma",
)
LAST_NAMES = (
    "Lindqvist",
    "Berg",
    "Holm",
    "Nyström",
    "Dahl",
    "Ek",
    "Haddad",
    "Lund",
    "Sjöberg",
    "Vik",
    "Strand",
    "Björk",
    "Sandberg",
    "Yusuf",
    "Falk",
    "Wall",
    "Karimi",
    "Norén",
)


def local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ).astimezone(UTC)


def load_demo(session: Session, *, today: date | None = None) -> Network:
    """Idempotent: returns the existing demo network when it is already there."""
    existing = session.scalar(select(Network).where(Network.name == GR_NETWORK_NAME))
    if existing is not None:
        return existing
    today = today or utcnow().astimezone(LOCAL_TZ).date()
    network = Network(name=GR_NETWORK_NAME, slug="gr-mottagande-integration")
    session.add(network)
    session.flush()
    orgs = _organisations(session, network)
    members = _members(session, network, orgs)
    series = MeetingSeries(
        network_id=network.id,
        name=f"Nätverksträffar {today.year}",
        term=None,
        description="Nätverket mottagande och integration",
    )
    session.add(series)
    session.flush()
    meetings = _meetings(session, network, series, orgs, today)
    _schedule_upcoming(session, network)
    _attendance(session, members, meetings[:2])
    _survey(session, network, meetings[1])
    _tasks(session, network, orgs, members, meetings, today)
    _deadlines(session, network, orgs, today)
    session.flush()
    return network


def _organisations(session: Session, network: Network) -> dict[str, Organisation]:
    orgs = {}
    for ref in GR_ORGANISATIONS:
        org = Organisation(
            network_id=network.id,
            name=ref.name,
            short_name=ref.short_name,
            aliases=list(ref.aliases),
            kind=ref.kind,
        )
        session.add(org)
        orgs[ref.name] = org
    session.flush()
    network.coordinator_organisation_id = orgs["Göteborgsregionen"].id
    return orgs


def _members(
    session: Session, network: Network, orgs: dict[str, Organisation]
) -> dict[str, Member]:
    members = {}
    for index, (name, org) in enumerate(orgs.items()):
        first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
        member = Member(
            network_id=network.id,
            organisation_id=org.id,
            name=f"{first} {last}",
            email=f"{first}.{last}@{org.short_name.lower().replace(' ', '')}.example".lower()
            .replace("ö", "o")
            .replace("ä", "a")
            .replace("å", "a")
            .replace("é", "e"),
            role=MemberRole.coordinator if name == "Göteborgsregionen" else MemberRole.member,
            in_steering_group=org.kind.value in {"municipality", "coordinator"} and index % 3 == 0,
        )
        session.add(member)
        members[name] = member
    session.flush()
    for name, org in orgs.items():
        org.contact_member_id = members[name].id
    return members


def _meeting(
    network: Network,
    series: MeetingSeries,
    title: str,
    day: date,
    status: MeetingStatus,
    mode: MeetingMode = MeetingMode.on_site,
    **fields: object,
) -> Meeting:
    meeting_id = uuid.uuid4()
    return Meeting(
        id=meeting_id,
        network_id=network.id,
        series_id=series.id,
        title=title,
        starts_at=local(day, 13),
        ends_at=local(day, 16),
        status=status,
        mode=mode,
        location="Göteborgsregionen, Anders Personsgatan 8, Göteborg"
        if mode == MeetingMode.on_site
        else None,
        online_url="https://meet.example.org/natverket" if mode != MeetingMode.on_site else None,
        ical_uid=f"{meeting_id}@samverkan",
        **fields,
    )


def _meetings(
    session: Session,
    network: Network,
    series: MeetingSeries,
    orgs: dict[str, Organisation],
    today: date,
) -> list[Meeting]:
    first = _meeting(
        network, series, "Nätverksträff", today - timedelta(days=70), MeetingStatus.minutes_approved
    )
    second = _meeting(
        network,
        series,
        "Nätverksträff (digital)",
        today - timedelta(days=5),
        MeetingStatus.held,
        MeetingMode.digital,
    )
    upcoming = _meeting(
        network,
        series,
        "Nätverksträff",
        today + timedelta(days=16),
        MeetingStatus.planned,
        presenter_organisation_id=orgs["Lilla Edet"].id,
    )
    session.add_all([first, second, upcoming])
    session.flush()
    _steering_and_agenda(session, network, series, upcoming)
    text = (DEMO_DATA / "2026-09-network-meeting.txt").read_text(encoding="utf-8")
    session.add(
        Minutes(
            meeting_id=first.id,
            text=text,
            status=MinutesStatus.approved,
            approved_at=first.ends_at + timedelta(days=3),
        )
    )
    session.add(Minutes(meeting_id=second.id, text="", status=MinutesStatus.draft))
    session.flush()
    return [first, second, upcoming]


def _steering_and_agenda(
    session: Session, network: Network, series: MeetingSeries, upcoming: Meeting
) -> None:
    """The steering group meets the morning of the next network meeting, which has an agenda."""
    steering_day = upcoming.starts_at.astimezone(LOCAL_TZ).date()
    steering = Meeting(
        id=uuid.uuid4(),
        network_id=network.id,
        series_id=series.id,
        kind=MeetingKind.steering,
        title="Styrgrupp samhällsorientering",
        starts_at=local(steering_day, 10),
        ends_at=local(steering_day, 12),
        status=MeetingStatus.planned,
        location=upcoming.location,
        adjacent_to_id=upcoming.id,
        ical_uid=f"{uuid.uuid4()}@samverkan",
    )
    session.add(steering)
    for position, title in enumerate(
        ("Inledning", "Information från Länsstyrelsen", "Kommun i fokus: Lilla Edet", "Övrigt"),
        start=1,
    ):
        session.add(
            AgendaItem(meeting_id=upcoming.id, position=position, number=position, title=title)
        )


def _schedule_upcoming(session: Session, network: Network) -> None:
    """Through the real transition: the invites then go out (and show under "Skickad e-post")."""
    actor = Actor(kind="system", network_id=network.id)
    planned = session.scalars(
        select(Meeting.id)
        .where(Meeting.network_id == network.id, Meeting.status == MeetingStatus.planned)
        .order_by(Meeting.starts_at)
    )
    for meeting_id in list(planned):
        schedule_meeting(session, meeting_id=meeting_id, actor=actor)


def _attendance(session: Session, members: dict[str, Member], past: list[Meeting]) -> None:
    """Most organisations came; a few did not, and one guest stayed for item 3 only."""
    for offset, meeting in enumerate(past):
        for index, member in enumerate(members.values()):
            if (index + offset) % 6 == 5:
                status, items = AttendanceStatus.absent, []
            elif (index + offset) % 9 == 4:
                status, items = AttendanceStatus.partial, ["3"]
            else:
                status, items = AttendanceStatus.present, []
            session.add(
                Attendance(meeting_id=meeting.id, member_id=member.id, status=status, items=items)
            )


def _survey(session: Session, network: Network, meeting: Meeting) -> None:
    """The last meeting's survey, opened when it ended; two thirds of the attendees answered."""
    survey = open_survey_for_meeting(session, meeting_id=meeting.id, now=meeting.ends_at)
    assert survey is not None
    questions = list(
        session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey.id)
            .order_by(SurveyQuestion.position)
        )
    )
    recipients = session.scalars(
        select(SurveyRecipient.member_id)
        .where(SurveyRecipient.survey_id == survey.id)
        .order_by(SurveyRecipient.member_id)
    )
    for index, member_id in enumerate(recipients):
        if index % 3 == 2:
            continue
        submit_answers(
            session,
            link=MemberLink(member_id, network.id, "survey", survey.id),
            answers={
                str(questions[0].id): 3 + index % 3,
                str(questions[1].id): "Mer om bostadsfrågan" if index % 2 else "",
            },
            now=meeting.ends_at + timedelta(hours=2 + index),
        )


def _tasks(
    session: Session,
    network: Network,
    orgs: dict[str, Organisation],
    members: dict[str, Member],
    meetings: list[Meeting],
    today: date,
) -> None:
    plan = [
        ("Mejla ut PP-bilderna från Länsstyrelsen", "Länsstyrelsen", -40, "send_material"),
        ("Förslag på studiebesök", "Kungälv", -12, "follow_up"),
        ("Presentera föräldracirklar", "Lilla Edet", 16, "present_next_meeting"),
        ("Svara på enkäten om nätverksträffen", "Partille", -5, "survey"),
        ("Ta fram statistik över mottagandet", "Mölndal", 9, "follow_up"),
        ("Återkomma om samverkan med vuxenutbildningen", "Göteborg", 20, "follow_up"),
        ("Skicka ut inbjudan till temadag", "Göteborgsregionen", 4, "send_material"),
        ("Sammanställa synpunkter på remissen", "Härryda", -2, "follow_up"),
    ]
    for title, org_name, days, kind in plan:
        session.add(
            Task(
                network_id=network.id,
                title=title,
                kind=kind,
                owner_organisation_id=orgs[org_name].id,
                owner_member_id=members[org_name].id,
                due_date=today + timedelta(days=days),
                source_meeting_id=meetings[0].id,
            )
        )


def _deadlines(
    session: Session, network: Network, orgs: dict[str, Organisation], today: date
) -> None:
    session.add(
        Deadline(
            network_id=network.id,
            title="Länsstyrelsens utlysning: tidiga insatser (§ 37)",
            opens_at=local(today - timedelta(days=10), 8),
            closes_at=local(today + timedelta(days=25), 23),
            issuer_organisation_id=orgs["Länsstyrelsen"].id,
            url="https://example.org/utlysning",
        )
    )
    session.add(
        Deadline(
            network_id=network.id,
            title="Ansökan ESF-projekt",
            opens_at=local(today + timedelta(days=30), 8),
            closes_at=local(today + timedelta(days=75), 23),
            issuer_organisation_id=orgs["Västra Götalandsregionen"].id,
        )
    )

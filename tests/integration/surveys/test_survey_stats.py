"""The surveys page: invited, answered, rate and external clicks per organisation, 1–5 averages."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from services.meetings.models import Attendance, AttendanceStatus, MeetingStatus
from services.people.models import Network
from services.surveys.models import QuestionKind, SurveyQuestion, SurveyRecipient, SurveyResponse
from services.surveys.service import open_survey_for_meeting
from services.surveys.stats import response_rates_by_organisation, scale_averages
from tests.support.factories import make_meeting, make_member, make_organisation
from tests.support.queries import counted


def _held_survey(
    db: Session, network: Network, members: list, answered: dict, *, external: bool = False
):  # type: ignore[no-untyped-def,type-arg]
    meeting = make_meeting(db, network, days_ahead=-2, status=MeetingStatus.held)
    for member in members:
        db.add(
            Attendance(meeting_id=meeting.id, member_id=member.id, status=AttendanceStatus.present)
        )
    db.flush()
    survey = open_survey_for_meeting(db, meeting_id=meeting.id, now=datetime.now(UTC))
    assert survey is not None
    if external:
        survey.external_url = "https://www.menti.com/x"
    scale = db.scalar(
        select(SurveyQuestion.id).where(
            SurveyQuestion.survey_id == survey.id, SurveyQuestion.kind == QuestionKind.scale
        )
    )
    recipients = {
        r.member_id: r
        for r in db.scalars(select(SurveyRecipient).where(SurveyRecipient.survey_id == survey.id))
    }
    now = datetime.now(UTC)
    for member, value in answered.items():
        recipient = recipients[member.id]
        if external:
            recipient.clicked_at = now
            continue
        recipient.responded_at = now
        db.add(SurveyResponse(survey_id=survey.id, organisation_id=member.organisation_id,
                              submitted_at=now, answers={str(scale): value}))  # fmt: skip
    db.flush()
    return survey


def test_rates_per_organisation_with_clicks_and_averages_in_constant_queries(
    client: TestClient, db: Session, connection: Connection, network: Network
) -> None:
    ale, lerum = make_organisation(db, network, "Ale"), make_organisation(db, network, "Lerum")
    a1, a2, l1 = (
        make_member(db, ale, "A1"),
        make_member(db, ale, "A2"),
        make_member(db, lerum, "L1"),
    )
    first = _held_survey(db, network, [a1, a2, l1], {a1: 4, l1: 2})
    db.commit()
    with counted(connection) as few:
        assert client.get("/enkater").status_code == 200
    _held_survey(db, network, [a1, a2, l1], {a1: 5, a2: 5, l1: 5})
    _held_survey(db, network, [a1, a2, l1], {a2: 1}, external=True)
    db.commit()
    with counted(connection) as many:
        page = client.get("/enkater")
    assert page.status_code == 200
    assert len(many) == len(few)

    by_org = {r.label: r for r in response_rates_by_organisation(db, network_id=network.id)}
    assert (by_org["Ale"].recipients, by_org["Ale"].responded) == (6, 3)
    assert (by_org["Ale"].external, by_org["Ale"].external_clicked) == (2, 1)
    assert (by_org["Lerum"].recipients, by_org["Lerum"].responded, by_org["Lerum"].percent) == (
        3,
        2,
        67,
    )
    assert (by_org["Lerum"].external, by_org["Lerum"].external_clicked) == (1, 0)
    averages = {a.survey_id: a for a in scale_averages(db, network_id=network.id)}
    assert len(averages) == 2  # the external survey has no answers of ours
    assert (averages[first.id].average, averages[first.id].answers) == (3.0, 2)
    assert averages[first.id].question.startswith("Hur värdefull")

    html = page.text
    assert 'id="survey-orgs"' in html
    assert "1 / 2" in html  # Ale: one of two clicked the external survey
    assert "67 %" in html  # Lerum: 2 of 3 answered
    assert "Hur värdefull var nätverksträffen" in html  # the question's text, not its id
    assert "3.0" in html
    assert "5.0" in html

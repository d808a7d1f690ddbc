"""A regular series by RRULE becomes planned meetings (holidays left out), from the API and the
CLI; `series propose --series` plans on the series' poll result."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from infra.clock import LOCAL_TZ
from schemas.series import PollIn
from services.actors import Actor
from services.meetings.models import Meeting, MeetingStatus
from services.series import cli
from services.series.models import MeetingSeries
from services.series.polls import open_poll, record_vote
from tests.integration.series.conftest import People

RULE = "FREQ=MONTHLY;BYDAY=1WE"


def next_year() -> int:
    return datetime.now(UTC).year + 1


def first_wednesdays(year: int) -> list[date]:
    days = []
    for month in range(1, 7):
        day = date(year, month, 1)
        days.append(date(year, month, 1 + (2 - day.weekday()) % 7))
    return days


@pytest.fixture
def cli_db(db: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    """The CLI's unit of work runs in the test's rolled-back session."""

    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        yield db
        db.flush()

    monkeypatch.setattr(cli, "unit_of_work", unit_of_work)
    return db


def series_meetings(db: Session, series: MeetingSeries) -> list[Meeting]:
    db.expire_all()
    query = select(Meeting).where(Meeting.series_id == series.id).order_by(Meeting.starts_at)
    return list(db.scalars(query))


def check_first_wednesdays(meetings: list[Meeting], skipped: list[date], year: int) -> None:
    days = [m.starts_at.astimezone(LOCAL_TZ).date() for m in meetings]
    assert sorted(days + skipped) == first_wednesdays(year)
    if date(year, 1, 6) in first_wednesdays(year):  # trettondedag jul is a public holiday
        assert date(year, 1, 6) in skipped
    for meeting in meetings:
        assert meeting.status == MeetingStatus.planned
        assert meeting.starts_at.astimezone(LOCAL_TZ).time() == time(13, 0)  # CET and CEST
        assert meeting.ends_at.astimezone(LOCAL_TZ).time() == time(16, 0)


def test_api_creates_planned_meetings_by_rrule_and_skips_holidays(
    client: TestClient, db: Session, series: MeetingSeries
) -> None:
    year = next_year()
    body = {
        "rrule": RULE,
        "start": f"{year}-01-01",
        "until": f"{year}-06-30",
        "time": "13:00-16:00",
    }
    response = client.post(f"/api/series/{series.id}/recurring", json=body)
    assert response.status_code == 201, response.text
    out = response.json()
    skipped = [datetime.fromisoformat(s["starts_at"]).date() for s in out["skipped"]]
    assert all(s["reason"] for s in out["skipped"])
    meetings = series_meetings(db, series)
    assert [str(m.id) for m in meetings] == [m["id"] for m in out["meetings"]]
    check_first_wednesdays(meetings, skipped, year)
    assert meetings[0].location == "GR"

    bad = client.post(f"/api/series/{series.id}/recurring", json={**body, "rrule": "FREQ=NEVER"})
    assert bad.status_code == 422
    assert "FREQ=MONTHLY;BYDAY=1WE" in bad.text


def test_cli_recurring_creates_the_same_series(cli_db: Session, series: MeetingSeries) -> None:
    year = next_year()
    args = ["recurring", "--series", str(series.id), "--rrule", RULE]
    args += ["--start", f"{year}-01-01", "--until", f"{year}-06-30", "--time", "13:00-16:00"]
    result = CliRunner().invoke(cli.series_app, args)
    assert result.exit_code == 0, result.output
    meetings = series_meetings(cli_db, series)
    created = {m.starts_at.astimezone(LOCAL_TZ).date() for m in meetings}
    skipped = [d for d in first_wednesdays(year) if d not in created]
    check_first_wednesdays(meetings, skipped, year)
    assert f"{len(meetings)} meetings" in result.stdout

    unknown = CliRunner().invoke(cli.series_app, [*args[:2], str(uuid.uuid4()), *args[3:]])
    assert unknown.exit_code == 2
    assert "no series with id" in unknown.stderr


def test_cli_propose_with_series_plans_on_the_poll_result(
    cli_db: Session, series: MeetingSeries, people: People, actor: Actor, next_term: str
) -> None:
    poll = open_poll(cli_db, series_id=series.id, data=PollIn(options=["wed", "fri"]), actor=actor)
    for member in (people.anna, people.cia):
        member_actor = Actor(kind="member", id=member.id, network_id=member.network_id)
        record_vote(
            cli_db, member=member, poll_id=poll.id, slot="fri-am", suits=True, actor=member_actor
        )
    args = ["propose", "--term", next_term, "--count", "2", "--format", "json"]
    with_poll = CliRunner().invoke(cli.series_app, [*args, "--series", str(series.id)])
    assert with_poll.exit_code == 0, with_poll.output
    for meeting in json.loads(with_poll.stdout):
        start = datetime.fromisoformat(meeting["starts_at"])
        assert (start.weekday(), start.time()) == (4, time(9, 0))  # Friday morning
    default = CliRunner().invoke(cli.series_app, args)
    starts = [datetime.fromisoformat(m["starts_at"]) for m in json.loads(default.stdout)]
    assert any(s.weekday() != 4 for s in starts)  # without the poll: wed-pm,fri

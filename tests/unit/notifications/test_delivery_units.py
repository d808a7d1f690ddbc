"""Database-free parts of delivery: batching, reminder times across DST, working days, backoff."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from schemas.notifications import (
    InviteMeeting,
    MailKind,
    MeetingReminderContext,
    TaskItem,
    TaskReminderContext,
)
from services.digest.handlers import next_digest_at
from services.errors import Invalid
from services.meetings.reminders import meeting_reminder_plan
from services.notifications.batching import Part, render_batch
from services.notifications.failures import backoff
from services.notifications.formatting import working_days_before
from services.surveys.answers import validate_answers
from services.surveys.models import QuestionKind, SurveyQuestion

BASE = {"recipient_name": "Åsa", "unsubscribe_url": "https://x.example.org/unsubscribe/t"}


def test_batch_has_one_greeting_and_every_part(meeting: InviteMeeting) -> None:
    task = TaskItem(title="Skicka <statistik>", due_on=date(2023, 9, 9), owner_name="Åsa")
    parts = [
        Part(
            MailKind.meeting_reminder,
            MeetingReminderContext(**BASE, meeting=meeting, days_before=7),
        ),
        Part(MailKind.task_reminder, TaskReminderContext(**BASE, task=task, days_left=3)),
    ]
    mail = render_batch(parts, lang="sv")
    assert mail.subject.startswith("Samlad påminnelse: 2")
    assert mail.text.count("Hej Åsa!") == 1
    assert "Skicka <statistik>" in mail.text
    assert "Skicka &lt;statistik&gt;" in mail.html
    assert mail.html.count("Hej Åsa!") == 1
    assert "https://x.example.org/unsubscribe/t" in mail.text


def test_reminders_are_at_eight_local_on_both_sides_of_dst() -> None:
    starts = datetime(2026, 4, 1, 11, 0, tzinfo=UTC)  # 13:00 CEST, a week after the change
    plan = dict(meeting_reminder_plan(starts, [7, 1], now=datetime(2026, 1, 1, tzinfo=UTC)))
    assert plan[7] == datetime(2026, 3, 25, 7, 0, tzinfo=UTC)  # 08:00 CET
    assert plan[1] == datetime(2026, 3, 31, 6, 0, tzinfo=UTC)  # 08:00 CEST
    late = meeting_reminder_plan(starts, [7, 1], now=datetime(2026, 3, 28, tzinfo=UTC))
    assert [d for d, _ in late] == [1]


def test_working_days_skip_weekends_and_swedish_holidays() -> None:
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April
    assert working_days_before(date(2026, 4, 8), 3) == date(2026, 4, 1)
    assert working_days_before(date(2026, 1, 7), 2) == date(2026, 1, 2)  # 6 Jan is a holiday


def test_digest_is_monday_eight_stockholm() -> None:
    when, monday = next_digest_at(datetime(2026, 3, 25, 12, tzinfo=UTC))
    assert monday == date(2026, 3, 30)
    assert when.astimezone(LOCAL_TZ).hour == 8
    when, monday = next_digest_at(datetime(2026, 3, 30, 5, 59, tzinfo=UTC))  # 07:59 CEST
    assert monday == date(2026, 3, 30)


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    settings = Settings(delivery_backoff_base_s=10, delivery_backoff_max_s=100)
    assert 5 <= backoff(1, settings) <= 10
    assert 40 <= backoff(4, settings) <= 80
    assert 50 <= backoff(30, settings) <= 100


def test_survey_answers_are_validated_as_a_whole() -> None:
    import uuid

    scale = SurveyQuestion(id=uuid.uuid4(), kind=QuestionKind.scale, text="?")
    text = SurveyQuestion(id=uuid.uuid4(), kind=QuestionKind.text, text="?")
    assert validate_answers([scale, text], {str(scale.id): "4", str(text.id): " bra "}) == {
        str(scale.id): 4,
        str(text.id): "bra",
    }
    for garbage in ({str(scale.id): 9}, {str(scale.id): True}, {"x": 1}, [], {str(text.id): 3}):
        with pytest.raises(Invalid):
            validate_answers([scale, text], garbage)

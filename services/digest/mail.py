"""The weekly digest mail: open and overdue tasks, deadlines ahead, the next meeting, surveys
waiting for an answer, all read when the digest is asked for (Monday 08:00)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import Field
from sqlalchemy.orm import Session

from infra.clock import local_today
from schemas.notifications import DeadlineItem, DigestContent, MailKind, MeetingFacts
from services.deadlines.mail import deadline_item
from services.deadlines.queries import deadlines_closing
from services.meetings.mail import meeting_facts
from services.meetings.queries import next_meeting_for
from services.notifications.kinds import MailPayload, MailSpec, Reader
from services.people.models import Member
from services.surveys.mail import SurveyFacts, survey_facts
from services.surveys.queries import unanswered_surveys
from services.tasks.mail import TaskFacts
from services.tasks.queries import open_tasks_of

DEADLINE_HORIZON = timedelta(days=60)


class WeeklyDigestMail(MailPayload):
    """One member's week; the links in it are signed for them when it is sent."""

    kind = MailKind.weekly_digest
    preference = "weekly_digest"
    week_of: date
    open_tasks: list[TaskFacts] = Field(default_factory=list)
    overdue_tasks: list[TaskFacts] = Field(default_factory=list)
    deadlines_ahead: list[DeadlineItem] = Field(default_factory=list)
    next_meeting: MeetingFacts | None = None
    next_meeting_sequence: int = 0
    unanswered_surveys: list[SurveyFacts] = Field(default_factory=list)

    def context(self, reader: Reader) -> DigestContent:
        meeting = self.next_meeting
        organizer, network = reader.organizer, reader.network_name
        sequence = self.next_meeting_sequence
        shown = (
            meeting.sent_as(sequence, organizer=organizer, network_name=network)
            if meeting
            else None
        )
        return DigestContent(
            **reader.common(),
            week_of=self.week_of,
            open_tasks=[t.item(reader) for t in self.open_tasks],
            overdue_tasks=[t.item(reader) for t in self.overdue_tasks],
            deadlines_ahead=self.deadlines_ahead,
            next_meeting=shown,
            unanswered_surveys=[s.item(reader) for s in self.unanswered_surveys],
        )


KINDS = (MailSpec(WeeklyDigestMail),)


def digest_of(session: Session, member: Member, *, now: datetime) -> WeeklyDigestMail:
    """The member's week as of `now`."""
    today = local_today(now)
    open_tasks: list[TaskFacts] = []
    overdue: list[TaskFacts] = []
    for task in open_tasks_of(session, member):
        facts = TaskFacts(title=task.title, due_on=task.due_date, owner_name=member.name)
        (overdue if task.due_date < today else open_tasks).append(facts)
    ahead = deadlines_closing(session, member, after=now, until=now + DEADLINE_HORIZON)
    meeting = next_meeting_for(session, member, now=now)
    surveys = unanswered_surveys(session, member.id, now=now)
    return WeeklyDigestMail(
        week_of=today - timedelta(days=today.weekday()),
        open_tasks=open_tasks,
        overdue_tasks=overdue,
        deadlines_ahead=[deadline_item(d) for d in ahead],
        next_meeting=meeting_facts(meeting) if meeting else None,
        next_meeting_sequence=meeting.ical_sequence if meeting else 0,
        unanswered_surveys=[survey_facts(session, s) for s in surveys],
    )

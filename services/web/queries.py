"""The overview's read model, gathered from the domains' queries: a fixed number of queries
whatever the data size (no N+1)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from services.deadlines.queries import open_windows
from services.events.dead_letters import unretried_dead_letters
from services.inbound.queries import WaitingMail, waiting_mail
from services.meetings.queries import (
    MeetingRow,
    OrgAttendance,
    attendance_by_org,
    upcoming_meetings,
)
from services.notifications.queries import failed_mails
from services.people.queries import FailingAddress, failing_addresses
from services.surveys.queries import SurveyRate, survey_rates
from services.tasks.queries import OverdueGroup, TaskRow, due_soon, overdue_groups

if TYPE_CHECKING:
    from services.deadlines.models import Deadline

__all__ = ["Failure", "Overview", "overview", "survey_rates"]


@dataclass
class Failure:
    id: uuid.UUID
    kind: str
    what: str
    error: str
    at: datetime | None


@dataclass
class Overview:
    overdue: list[OverdueGroup]
    due_soon: list[TaskRow]
    meetings: list[MeetingRow]
    windows: list[Deadline]
    surveys: list[SurveyRate]
    attendance: list[OrgAttendance]
    meetings_held: int
    failures: list[Failure] = field(default_factory=list)
    waiting_mail: list[WaitingMail] = field(default_factory=list)
    failing: list[FailingAddress] = field(default_factory=list)


def failures(session: Session, network_id: uuid.UUID) -> list[Failure]:
    """Failed mails and unretried dead letters, for the retry buttons."""
    rows = [
        Failure(n.id, "notification", n.kind, n.last_error or "", n.updated_at)
        for n in failed_mails(session, network_id)
    ]
    rows += [
        Failure(d.id, "dead_letter", d.task_name, d.error, d.failed_at)
        for d in unretried_dead_letters(session, network_id)
    ]
    return rows


def overview(session: Session, network_id: uuid.UUID, *, now: datetime, today: date) -> Overview:
    """Everything the coordinator's overview shows, in fourteen queries."""
    attendance, held = attendance_by_org(session, network_id, now)
    return Overview(
        overdue=overdue_groups(session, network_id, today),
        due_soon=due_soon(session, network_id, today),
        meetings=upcoming_meetings(session, network_id, now),
        windows=open_windows(session, network_id, now=now),
        surveys=survey_rates(session, network_id),
        attendance=attendance,
        meetings_held=held,
        failures=failures(session, network_id),
        waiting_mail=waiting_mail(session, network_id),
        failing=failing_addresses(session, network_id),
    )

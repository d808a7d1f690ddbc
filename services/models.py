"""Imports every domain's models so metadata (Alembic, create_all) sees all tables."""

from services.audit.models import AuditEntry
from services.auth.models import ApiToken, LoginAttempt, UserAccount
from services.deadlines.models import Deadline, DeadlineFollower
from services.events.models import DeadLetter, DomainEvent, ProcessedEvent, Timer
from services.inbound.models import InboundMessage
from services.meetings.models import AgendaItem, Attendance, Meeting, Rsvp
from services.minutes.models import ActionItem, Decision, Minutes
from services.notifications.models import GraphToken, Notification
from services.people.models import Member, Network, Organisation
from services.series.models import (
    ConsentResponse,
    MeetingSeries,
    PollVote,
    PreferencePoll,
    SeriesPlan,
)
from services.surveys.models import Survey, SurveyQuestion, SurveyRecipient, SurveyResponse
from services.tasks.models import Task

__all__ = [
    "ActionItem",
    "AgendaItem",
    "ApiToken",
    "Attendance",
    "AuditEntry",
    "ConsentResponse",
    "DeadLetter",
    "Deadline",
    "DeadlineFollower",
    "Decision",
    "DomainEvent",
    "GraphToken",
    "InboundMessage",
    "LoginAttempt",
    "Meeting",
    "MeetingSeries",
    "Member",
    "Minutes",
    "Network",
    "Notification",
    "Organisation",
    "PollVote",
    "PreferencePoll",
    "ProcessedEvent",
    "Rsvp",
    "SeriesPlan",
    "Survey",
    "SurveyQuestion",
    "SurveyRecipient",
    "SurveyResponse",
    "Task",
    "Timer",
    "UserAccount",
]

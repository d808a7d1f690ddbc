"""Plain inputs of the invite/mail renderers, so rendering needs no database and no ORM."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    model_validator,
)

Lang = Literal["sv", "en"]
IcsMethod = Literal["REQUEST", "CANCEL"]


def _http_url(value: str) -> str:
    """Links in mails are absolute http(s) URLs, already signed by the caller."""
    if not value.startswith(("https://", "http://")):
        raise ValueError("link must be an absolute http(s) URL")
    return value


MailLink = Annotated[str, AfterValidator(_http_url)]


class _Frozen(BaseModel):
    """Inputs are values: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class MailKind(StrEnum):
    """Every kind of mail the service sends; the value is the template file stem."""

    meeting_invite = "meeting_invite"
    meeting_cancelled = "meeting_cancelled"
    meeting_reminder = "meeting_reminder"
    task_assigned = "task_assigned"
    task_reminder = "task_reminder"
    task_overdue = "task_overdue"
    deadline_opens = "deadline_opens"
    deadline_closing = "deadline_closing"
    deadline_withdrawn = "deadline_withdrawn"
    survey_invitation = "survey_invitation"
    survey_reminder = "survey_reminder"
    weekly_digest = "weekly_digest"
    login_link = "login_link"
    series_proposal = "series_proposal"
    series_poll = "series_poll"


class AttendeeRole(StrEnum):
    """iCalendar ROLE values (RFC 5545 §3.2.16)."""

    chair = "CHAIR"
    required = "REQ-PARTICIPANT"
    optional = "OPT-PARTICIPANT"
    non_participant = "NON-PARTICIPANT"


class InviteAttendee(_Frozen):
    """One member invited to a meeting."""

    name: str
    email: EmailStr
    role: AttendeeRole = AttendeeRole.required


class MeetingFacts(_Frozen):
    """A meeting as mails show it, before the sender is known: what its domain knows of it."""

    uid: str = Field(min_length=1)
    title: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location: str | None = None
    online_url: MailLink | None = None
    agenda: list[str] = Field(default_factory=list)
    teams: bool = Field(
        default=False,
        description="Digital or hybrid without a link of its own: Microsoft 365 makes it a "
        "Teams meeting, whose join link then fills online_url.",
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self

    def sent_as(
        self, sequence: int, *, organizer: tuple[str, str], network_name: str | None
    ) -> InviteMeeting:
        """The meeting as revision `sequence` of an invite from `organizer` (name, address)."""
        name, email = organizer
        return InviteMeeting(
            **self.model_dump(),
            sequence=sequence,
            organizer_name=name,
            organizer_email=email,
            network_name=network_name,
        )


class InviteMeeting(MeetingFacts):
    """A meeting as invites show it; `uid` never changes, `sequence` grows on every change."""

    sequence: int = Field(default=0, ge=0)
    organizer_name: str
    organizer_email: EmailStr
    network_name: str | None = None


class FeedMeeting(InviteMeeting):
    """A meeting in an ICS feed; cancelled ones stay visible as cancelled."""

    cancelled: bool = False


class FeedTask(_Frozen):
    """A task due date in an ICS feed (an all-day event)."""

    uid: str = Field(min_length=1)
    title: str
    due_on: date
    description: str | None = None
    url: MailLink | None = None
    done: bool = False


class RsvpLinks(_Frozen):
    """Signed accept/tentative/decline links for one member and one meeting."""

    accept: MailLink
    tentative: MailLink
    decline: MailLink


class TaskItem(_Frozen):
    """A follow-up task as a mail shows it."""

    title: str
    due_on: date
    owner_name: str
    organisation: str | None = None
    source: str | None = None  # e.g. "Nätverksträff 6 september, punkt 5"
    url: MailLink | None = None


class DeadlineItem(_Frozen):
    """An application window ("utlysning öppnar … ansökan senast …")."""

    title: str
    opens_on: date | None = None
    closes_on: date
    description: str | None = None
    url: MailLink | None = None


class SurveyItem(_Frozen):
    """A survey a member is asked to answer."""

    title: str
    url: MailLink
    closes_at: AwareDatetime | None = None
    meeting_title: str | None = None


class MailContext(_Frozen):
    """What every mail has: whom it greets, the unsubscribe link and the member page."""

    recipient_name: str
    unsubscribe_url: MailLink
    member_page_url: MailLink | None = None
    network_name: str | None = None


class MeetingInviteContext(MailContext):
    """An invite or an updated invite (sequence > 0), with RSVP links."""

    meeting: InviteMeeting
    rsvp: RsvpLinks | None = None


class MeetingCancelledContext(MailContext):
    """A cancellation, sent together with METHOD:CANCEL."""

    meeting: InviteMeeting
    reason: str | None = None


class MeetingReminderContext(MailContext):
    """A reminder 7 days / 1 day before, with agenda and link."""

    meeting: InviteMeeting
    days_before: int = Field(ge=0)
    rsvp: RsvpLinks | None = None


class TaskAssignedContext(MailContext):
    """A new follow-up task for its owner."""

    task: TaskItem


class TaskReminderContext(MailContext):
    """A task due in `days_left` days (3) or today (0)."""

    task: TaskItem
    days_left: int = Field(ge=0)


class TaskOverdueContext(MailContext):
    """Overdue notice; `escalation` names the reader: owner, organisation contact, coordinator."""

    task: TaskItem
    days_overdue: int = Field(ge=1)
    escalation: Literal["owner", "organisation_contact", "coordinator"] = "owner"


class DeadlineOpensContext(MailContext):
    """An application window opens."""

    deadline: DeadlineItem


class DeadlineWithdrawnContext(MailContext):
    """A deadline was withdrawn: nothing more will be sent about it."""

    deadline: DeadlineItem


class DeadlineClosingContext(MailContext):
    """An application window closes in `days_left` days."""

    deadline: DeadlineItem
    days_left: int = Field(ge=0)


class SurveyInvitationContext(MailContext):
    """A survey to the attendees after a meeting."""

    survey: SurveyItem


class SurveyReminderContext(MailContext):
    """A survey not yet answered."""

    survey: SurveyItem


class DigestContent(MailContext):
    """The weekly digest: open and overdue tasks, deadlines ahead, next meeting, surveys."""

    week_of: date
    open_tasks: list[TaskItem] = Field(default_factory=list)
    overdue_tasks: list[TaskItem] = Field(default_factory=list)
    deadlines_ahead: list[DeadlineItem] = Field(default_factory=list)
    next_meeting: InviteMeeting | None = None
    unanswered_surveys: list[SurveyItem] = Field(default_factory=list)


class LoginLinkContext(MailContext):
    """A one-time login link to the member page."""

    login_url: MailLink
    expires_in_minutes: int = Field(gt=0)
    # welcome: the coordinator added the person; expired_link: the person asked for a fresh one
    reason: Literal["welcome", "expired_link"] = "welcome"


class ProposedDate(_Frozen):
    """One proposed meeting in a silent-consent mail, with signed 'works / does not work' links."""

    title: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location: str | None = None
    works_url: MailLink
    objects_url: MailLink


class SeriesProposalContext(MailContext):
    """Proposed dates of a series: silence by `reply_by` means every date is accepted."""

    series_name: str
    term: str | None = None
    reply_by: date
    dates: list[ProposedDate] = Field(min_length=1)


class PollOption(_Frozen):
    """One weekday/half-day of a preference poll, with its signed vote link."""

    slot: str
    label: str
    url: MailLink


class SeriesPollContext(MailContext):
    """Which weekdays and half-days suit the member; one click per option."""

    series_name: str
    closes_on: date | None = None
    options: list[PollOption] = Field(min_length=1)


class RenderedMail(_Frozen):
    """A rendered mail body, before MIME assembly."""

    subject: str
    text: str
    html: str

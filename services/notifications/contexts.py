"""From a notification row to what its mail says: recipient, template context, .ics (or nothing)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from infra.settings import Settings
from schemas.notifications import (
    DeadlineClosingContext,
    DeadlineItem,
    DeadlineOpensContext,
    IcsMethod,
    Lang,
    LoginLinkContext,
    MailContext,
    MailKind,
    MeetingCancelledContext,
    MeetingInviteContext,
    MeetingReminderContext,
    SurveyInvitationContext,
    SurveyItem,
    SurveyReminderContext,
    TaskAssignedContext,
    TaskItem,
    TaskOverdueContext,
    TaskReminderContext,
)
from services.auth.models import UserAccount
from services.deadlines.models import Deadline
from services.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpResponse
from services.notifications.ics import build_invite
from services.notifications.links import Links
from services.notifications.meeting_info import invite_attendees, invite_meeting
from services.notifications.models import Notification
from services.notifications.preferences import wants
from services.people.models import (
    EmailStatus,
    Member,
    Network,
    Organisation,
)
from services.surveys.models import Survey, SurveyRecipient, SurveyStatus
from services.tasks.models import Task, TaskStatus


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    lang: Lang
    member: Member | None


@dataclass(frozen=True)
class Prepared:
    """A mail ready to render; `meeting_id` marks invites/cancellations (Graph syncs those)."""

    kind: MailKind
    context: MailContext
    ics: bytes | None = None
    method: IcsMethod | None = None
    meeting_id: uuid.UUID | None = None


class Skip(Exception):
    """This notification no longer makes sense (task done, meeting cancelled, opted out)."""


def recipient_of(session: Session, row: Notification) -> Recipient:
    if row.recipient_member_id is not None:
        member = session.get(Member, row.recipient_member_id)
        if member is None or not member.active:
            raise Skip("recipient inactive or gone")
        if member.email_status == EmailStatus.failing:
            raise Skip("address marked failing")
        if not wants(member, row.kind):
            raise Skip("turned off by the member")
        lang = cast(Lang, member.language if member.language in ("sv", "en") else "sv")
        return Recipient(member.name, member.email, lang, member)
    user = session.get(UserAccount, row.recipient_user_id) if row.recipient_user_id else None
    if user is None or not user.active:
        raise Skip("recipient inactive or gone")
    return Recipient(user.name or user.email, user.email, "sv", None)


def _task_item(session: Session, task: Task, url: str | None) -> TaskItem:
    owner = session.get(Member, task.owner_member_id) if task.owner_member_id else None
    org_id = owner.organisation_id if owner else task.owner_organisation_id
    org = session.get(Organisation, org_id) if org_id else None
    source = session.get(Meeting, task.source_meeting_id) if task.source_meeting_id else None
    return TaskItem(
        title=task.title,
        due_on=task.due_date,
        owner_name=owner.name if owner else (org.name if org else "-"),
        organisation=org.short_name if org else None,
        source=source.title if source else None,
        url=url,
    )


def deadline_item(deadline: Deadline) -> DeadlineItem:
    url = deadline.url if (deadline.url or "").startswith("http") else None
    return DeadlineItem(
        title=deadline.title,
        opens_on=deadline.opens_at.astimezone(LOCAL_TZ).date() if deadline.opens_at else None,
        closes_on=deadline.closes_at.astimezone(LOCAL_TZ).date(),
        description=deadline.description or None,
        url=url,
    )


def survey_item(session: Session, survey: Survey, member: Member, links: Links) -> SurveyItem:
    meeting = session.get(Meeting, survey.meeting_id)
    return SurveyItem(
        title=survey.title,
        url=links.survey(member, survey.id, external=bool(survey.external_url)),
        closes_at=survey.closes_at,
        meeting_title=meeting.title if meeting else None,
    )


def prepare(
    session: Session,
    row: Notification,
    recipient: Recipient,
    *,
    links: Links,
    settings: Settings,
    now: datetime,
) -> Prepared:
    """Raise Skip when the reason for the mail is gone; otherwise the mail to render."""
    member = recipient.member
    base = {
        "recipient_name": recipient.name,
        "unsubscribe_url": links.unsubscribe(member) if member else links.base_url + "/",
        "member_page_url": links.member_page(member) if member else None,
    }
    network = session.get(Network, row.network_id)
    base["network_name"] = network.name if network else None
    kind = MailKind(row.kind)
    ctx = row.context or {}
    if kind in (MailKind.meeting_invite, MailKind.meeting_cancelled, MailKind.meeting_reminder):
        meeting = session.get(Meeting, row.subject_id)
        if meeting is None:
            raise Skip("meeting gone")
        sequence = int(ctx.get("sequence", meeting.ical_sequence))
        info = invite_meeting(session, meeting, settings, sequence=sequence)
        if kind == MailKind.meeting_cancelled:
            ics = build_invite(
                info, invite_attendees(session, meeting), method="CANCEL", lang=recipient.lang
            )
            context: MailContext = MeetingCancelledContext(
                **base, meeting=info, reason=ctx.get("reason")
            )
            return Prepared(kind, context, ics, "CANCEL", meeting.id)
        if meeting.status != MeetingStatus.scheduled or meeting.starts_at <= now:
            raise Skip("meeting not upcoming")
        rsvp = links.rsvp(member, meeting.id) if member else None
        if kind == MailKind.meeting_reminder:
            if member and _declined(session, meeting.id, member.id):
                raise Skip("declined")
            days = int(ctx.get("days_before", 0))
            context = MeetingReminderContext(**base, meeting=info, days_before=days, rsvp=rsvp)
            return Prepared(kind, context)
        if sequence < meeting.ical_sequence:
            raise Skip("superseded by a newer invite")
        ics = build_invite(
            info, invite_attendees(session, meeting), method="REQUEST", lang=recipient.lang
        )
        context = MeetingInviteContext(**base, meeting=info, rsvp=rsvp)
        return Prepared(kind, context, ics, "REQUEST", meeting.id)
    if kind in (MailKind.task_assigned, MailKind.task_reminder, MailKind.task_overdue):
        task = session.get(Task, row.subject_id)
        if task is None or task.status != TaskStatus.open:
            raise Skip("task no longer open")
        item = _task_item(session, task, base["member_page_url"])
        today = now.astimezone(LOCAL_TZ).date()
        if kind == MailKind.task_assigned:
            return Prepared(kind, TaskAssignedContext(**base, task=item))
        if kind == MailKind.task_reminder:
            if task.due_date < today:
                raise Skip("due date passed: the overdue mails take over")
            days_left = max(0, (task.due_date - today).days)
            return Prepared(kind, TaskReminderContext(**base, task=item, days_left=days_left))
        days = max(1, int(ctx.get("days_overdue", (today - task.due_date).days)))
        escalation = ctx.get("escalation", "owner")
        return Prepared(
            kind,
            TaskOverdueContext(**base, task=item, days_overdue=days, escalation=escalation),
        )
    if kind in (MailKind.deadline_opens, MailKind.deadline_closing):
        deadline = session.get(Deadline, row.subject_id)
        if deadline is None or deadline.closes_at <= now:
            raise Skip("deadline passed or gone")
        item_d = deadline_item(deadline)
        if kind == MailKind.deadline_opens:
            return Prepared(kind, DeadlineOpensContext(**base, deadline=item_d))
        days_left = max(0, (item_d.closes_on - now.astimezone(LOCAL_TZ).date()).days)
        return Prepared(kind, DeadlineClosingContext(**base, deadline=item_d, days_left=days_left))
    if kind in (MailKind.survey_invitation, MailKind.survey_reminder):
        survey = session.get(Survey, row.subject_id)
        if member is None or survey is None:
            raise Skip("survey gone")
        if survey.status != SurveyStatus.open or survey.closes_at <= now:
            raise Skip("survey closed")
        answered = session.scalar(
            select(SurveyRecipient.responded_at).where(
                SurveyRecipient.survey_id == survey.id, SurveyRecipient.member_id == member.id
            )
        )
        if answered is not None:
            raise Skip("already answered")
        item_s = survey_item(session, survey, member, links)
        if kind == MailKind.survey_invitation:
            return Prepared(kind, SurveyInvitationContext(**base, survey=item_s))
        return Prepared(kind, SurveyReminderContext(**base, survey=item_s))
    if kind == MailKind.login_link:
        if member is None:
            raise Skip("login links are for members")
        minutes = max(1, int(ctx.get("ttl_s", settings.member_link_max_age_s)) // 60)
        return Prepared(
            kind,
            LoginLinkContext(
                **base, login_url=links.member_page(member), expires_in_minutes=minutes
            ),
        )
    if kind == MailKind.weekly_digest:
        from services.notifications.digest import digest_content

        if member is None:
            raise Skip("digests are for members")
        return Prepared(
            kind, digest_content(session, member, base, links=links, settings=settings, now=now)
        )
    if kind in (MailKind.series_proposal, MailKind.series_poll):
        from services.series import mail

        if member is None:
            raise Skip("series mails are for members")
        build = mail.proposal_context if kind == MailKind.series_proposal else mail.poll_context
        return Prepared(
            kind, build(session, row, member, base, links=links, lang=recipient.lang, now=now)
        )
    raise Skip(f"unknown kind {row.kind}")


def _declined(session: Session, meeting_id: uuid.UUID, member_id: uuid.UUID) -> bool:
    response = session.scalar(
        select(Rsvp.response).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member_id)
    )
    return response == RsvpResponse.declined

"""Surveys' mail: the invitation after a meeting, and reminders to those who have not answered.

Worth sending until the survey closes (`expires_at`); answering or closing withdraws what is
queued (surveys.answers, surveys.handlers), so no check at send time is needed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict
from sqlalchemy.orm import Session

from schemas.notifications import (
    MailKind,
    SurveyInvitationContext,
    SurveyItem,
    SurveyReminderContext,
)
from services.meetings.models import Meeting
from services.notifications.kinds import MailPayload, MailSpec, Reader
from services.notifications.service import Mail, request_mail
from services.surveys.models import Survey

SURVEY_KINDS = {MailKind.survey_invitation.value, MailKind.survey_reminder.value}


class SurveyFacts(BaseModel):
    """A survey as mails show it; the link is signed for the reader when it is sent."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    survey_id: uuid.UUID
    title: str
    external: bool
    closes_at: AwareDatetime | None = None
    meeting_title: str | None = None

    def item(self, reader: Reader) -> SurveyItem:
        return SurveyItem(
            title=self.title,
            url=reader.member.survey(self.survey_id, external=self.external),
            closes_at=self.closes_at,
            meeting_title=self.meeting_title,
        )


def survey_facts(session: Session, survey: Survey) -> SurveyFacts:
    """The survey as its mails and the digest show it."""
    meeting = session.get(Meeting, survey.meeting_id)
    return SurveyFacts(
        survey_id=survey.id,
        title=survey.title,
        external=bool(survey.external_url),
        closes_at=survey.closes_at,
        meeting_title=meeting.title if meeting else None,
    )


class SurveyInvitationMail(MailPayload):
    """The survey to those who attended the meeting."""

    kind = MailKind.survey_invitation
    batchable = True
    survey: SurveyFacts

    def context(self, reader: Reader) -> SurveyInvitationContext:
        return SurveyInvitationContext(**reader.common(), survey=self.survey.item(reader))


class SurveyReminderMail(MailPayload):
    """The survey again, to those who have not answered yet."""

    kind = MailKind.survey_reminder
    batchable = True
    preference = "survey_reminder"
    survey: SurveyFacts

    def context(self, reader: Reader) -> SurveyReminderContext:
        return SurveyReminderContext(**reader.common(), survey=self.survey.item(reader))


KINDS = (MailSpec(SurveyInvitationMail), MailSpec(SurveyReminderMail))


def ask(
    session: Session,
    survey: Survey,
    payload: SurveyInvitationMail | SurveyReminderMail,
    member_ids: Iterable[uuid.UUID],
    *,
    network_id: uuid.UUID,
    key: str,
    now: datetime,
) -> int:
    """The mail to each member (keyed `{key}:{member id}`), until the survey closes."""
    mails = survey_mails(survey, payload, member_ids, key=key)
    return request_mail(session, network_id=network_id, mails=mails, now=now)


def survey_mails(
    survey: Survey,
    payload: SurveyInvitationMail | SurveyReminderMail,
    member_ids: Iterable[uuid.UUID],
    *,
    key: str,
) -> list[Mail]:
    """`ask`'s mails, for a caller that asks for a whole batch's at once (`request_mails`)."""
    return Mail.to_each(
        payload, member_ids, key=key, subject_id=survey.id, expires_at=survey.closes_at
    )


def invitation_key(survey_id: uuid.UUID) -> str:
    """One invitation per survey (each member's copy adds its id)."""
    return f"survey_invitation:{survey_id}"

"""Deadlines' mail: an application window opens, and it closes in a few working days.

A reminder is worth sending until the window closes (`expires_at`); moving or withdrawing a
deadline withdraws what is queued (deadlines.service), so no check at send time is needed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from infra.clock import LOCAL_TZ, local_today
from schemas.notifications import (
    DeadlineClosingContext,
    DeadlineItem,
    DeadlineOpensContext,
    DeadlineWithdrawnContext,
    MailKind,
)
from services.deadlines.models import Deadline
from services.notifications.kinds import MailPayload, MailSpec, Reader
from services.notifications.service import Mail

REMINDER_KINDS = {MailKind.deadline_opens.value, MailKind.deadline_closing.value}


def deadline_item(deadline: Deadline) -> DeadlineItem:
    """The window in local dates, as mails and the digest show it (only http(s) links)."""
    url = deadline.url if (deadline.url or "").startswith("http") else None
    return DeadlineItem(
        title=deadline.title,
        opens_on=deadline.opens_at.astimezone(LOCAL_TZ).date() if deadline.opens_at else None,
        closes_on=deadline.closes_at.astimezone(LOCAL_TZ).date(),
        description=deadline.description or None,
        url=url,
    )


class _DeadlineMail(MailPayload):
    batchable = True
    preference = "deadline_reminder"
    members_only = False
    deadline_id: uuid.UUID
    deadline: DeadlineItem


class DeadlineOpensMail(_DeadlineMail):
    """An application window opens."""

    kind = MailKind.deadline_opens

    def context(self, reader: Reader) -> DeadlineOpensContext:
        return DeadlineOpensContext(**reader.common(), deadline=self.deadline)


class DeadlineClosingMail(_DeadlineMail):
    """Closes soon; the days left are counted on the day it is sent."""

    kind = MailKind.deadline_closing

    def context(self, reader: Reader) -> DeadlineClosingContext:
        days_left = max(0, (self.deadline.closes_on - local_today(reader.now)).days)
        return DeadlineClosingContext(
            **reader.common(), deadline=self.deadline, days_left=days_left
        )


class DeadlineWithdrawnMail(_DeadlineMail):
    """The coordinator withdrew a deadline its followers were waiting for."""

    kind = MailKind.deadline_withdrawn

    def context(self, reader: Reader) -> DeadlineWithdrawnContext:
        return DeadlineWithdrawnContext(**reader.common(), deadline=self.deadline)


KINDS = (
    MailSpec(DeadlineOpensMail),
    MailSpec(DeadlineClosingMail),
    MailSpec(DeadlineWithdrawnMail),
)


def follower_mails(
    deadline: Deadline, payload: _DeadlineMail, audience: Sequence[uuid.UUID], *, key: str
) -> list[Mail]:
    """The mail to the deadline's audience (`deadline_audiences`), worth sending until it closes."""
    return Mail.to_each(
        payload, audience, key=key, subject_id=deadline.id, expires_at=deadline.closes_at
    )

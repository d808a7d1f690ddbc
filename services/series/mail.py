"""Mails of series planning: the silent-consent proposal and the preference poll, per member.

Each member's proposal lists the dates proposed to them when it was asked for; a check at send
time reads the plan: a closed or replaced round, or one with no date still proposed, sends
nothing. A poll mail stops at its closing day (`expires_at`) or when the poll is closed.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from schemas.enums import MeetingStatus
from schemas.notifications import (
    Lang,
    MailKind,
    PollOption,
    ProposedDate,
    SeriesPollContext,
    SeriesProposalContext,
)
from services.meetings.models import Meeting
from services.notifications.kinds import MailPayload, MailSpec, Reader
from services.notifications.service import Mail, request_mail
from services.people.models import Member
from services.series.access import is_invited, plan_of, series_meetings
from services.series.consent import consent_due_at
from services.series.models import MeetingSeries, PreferencePoll
from services.series.planning.calendar_rules import parse_slot

SERIES_PROPOSAL = "series_proposal"
SERIES_POLL = "series_poll"

_WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
}
_HALVES: dict[Lang, dict[str, str]] = {
    "sv": {"am": "förmiddag", "pm": "eftermiddag"},
    "en": {"am": "morning", "pm": "afternoon"},
}


def slot_label(token: str, lang: Lang) -> str:
    """'wed-pm' → 'onsdag eftermiddag' / 'Wednesday afternoon'."""
    slot = parse_slot(token)
    day = _WEEKDAYS[lang][slot.weekday]
    return f"{day} {_HALVES[lang][slot.half.value]}" if slot.half else day


def _active_members(session: Session, network_id: uuid.UUID) -> list[Member]:
    query = select(Member).where(Member.network_id == network_id, Member.active.is_(True))
    return list(session.scalars(query.order_by(Member.id)))


class ProposedFacts(BaseModel):
    """One proposed date; its 'works / does not work' links are signed for the reader."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    meeting_id: uuid.UUID
    title: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location: str | None = None


class SeriesProposalMail(MailPayload):
    """The dates proposed to this member: silence by `reply_by` means every date is accepted."""

    kind = MailKind.series_proposal
    series_id: uuid.UUID
    series_name: str
    term: str | None = None
    reply_by: date
    dates: list[ProposedFacts]

    def context(self, reader: Reader) -> SeriesProposalContext:
        dates = []
        for d in self.dates:
            works, objects = reader.member.consent(d.meeting_id)
            fields = d.model_dump(exclude={"meeting_id"})
            dates.append(ProposedDate(**fields, works_url=works, objects_url=objects))
        return SeriesProposalContext(
            **reader.common(),
            series_name=self.series_name,
            term=self.term,
            reply_by=self.reply_by,
            dates=dates,
        )


class SeriesPollMail(MailPayload):
    """Which weekdays and half-days suit the member; one signed link per option."""

    kind = MailKind.series_poll
    poll_id: uuid.UUID
    series_name: str
    closes_on: date | None = None
    options: list[str]

    def context(self, reader: Reader) -> SeriesPollContext:
        links, lang = reader.member, reader.lang
        options = [
            PollOption(slot=t, label=slot_label(t, lang), url=links.poll_vote(self.poll_id, t))
            for t in self.options
        ]
        return SeriesPollContext(
            **reader.common(),
            series_name=self.series_name,
            closes_on=self.closes_on,
            options=options,
        )


def request_proposal_mails(
    session: Session, *, series: MeetingSeries, meetings: list[Meeting], reply_by: date
) -> int:
    """One mail per member invited to any proposed date; the same reply-by date never twice."""
    mails = []
    for member in _active_members(session, series.network_id):
        dates = [
            ProposedFacts(
                meeting_id=m.id,
                title=m.title,
                starts_at=m.starts_at,
                ends_at=m.ends_at,
                location=m.location,
            )
            for m in meetings
            if m.status == MeetingStatus.proposed and is_invited(member, m)
        ]
        if not any(is_invited(member, m) for m in meetings):
            continue
        payload = SeriesProposalMail(
            series_id=series.id,
            series_name=series.name,
            term=series.term,
            reply_by=reply_by,
            dates=dates,
        )
        key = f"{SERIES_PROPOSAL}:{series.id}:{reply_by.isoformat()}:{member.id}"
        mails.append(
            Mail(
                payload,
                key=key,
                member_id=member.id,
                subject_id=series.id,
                expires_at=consent_due_at(reply_by),
            )
        )
    return request_mail(session, network_id=series.network_id, mails=mails)


def request_poll_mails(session: Session, *, poll: PreferencePoll) -> int:
    """One mail per active member of the network, with one link per option."""
    series = session.get(MeetingSeries, poll.series_id)
    payload = SeriesPollMail(
        poll_id=poll.id,
        series_name=series.name if series else "",
        closes_on=poll.closes_on,
        options=list(poll.options),
    )
    expires = None
    if poll.closes_on is not None:  # answers count all through the closing day
        expires = datetime.combine(poll.closes_on + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
    mails = [
        Mail(
            payload,
            key=f"{SERIES_POLL}:{poll.id}:{member.id}",
            member_id=member.id,
            subject_id=poll.id,
            expires_at=expires,
        )
        for member in _active_members(session, poll.network_id)
    ]
    return request_mail(session, network_id=poll.network_id, mails=mails)


def proposal_current(
    session: Session, mail: SeriesProposalMail, member_id: uuid.UUID | None, now: datetime
) -> str | None:
    """Not once the round is over, nor when a proposal with another reply-by date replaced it,
    nor when none of its dates is still proposed."""
    plan = plan_of(session, mail.series_id)
    if plan is None or plan.sent_at is None or plan.reply_by is None:
        return "proposal withdrawn"
    if plan.consent_closed_at is not None or now >= consent_due_at(plan.reply_by):
        return "consent round closed"
    if mail.reply_by != plan.reply_by:
        return "superseded by a proposal with another reply-by date"
    proposed = {
        m.id for m in series_meetings(session, mail.series_id) if m.status == MeetingStatus.proposed
    }
    if not mail.dates or not proposed & {d.meeting_id for d in mail.dates}:
        return "no proposed dates left"
    return None


def poll_current(
    session: Session, mail: SeriesPollMail, member_id: uuid.UUID | None, now: datetime
) -> str | None:
    """Not once the poll is closed (a newer poll closes the old one)."""
    poll = session.get(PreferencePoll, mail.poll_id)
    return "poll closed or gone" if poll is None or poll.closed_at is not None else None


KINDS = (
    MailSpec(SeriesProposalMail, check=proposal_current),
    MailSpec(SeriesPollMail, check=poll_current),
)

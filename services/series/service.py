"""Series proposals with the database: proposed meetings around the network's other meetings."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.enums import MeetingKind, MeetingMode, MeetingStatus
from schemas.meetings import MeetingOut
from schemas.series import AdjacentRequest, ProposalRequest, ProposedMeeting
from schemas.series import MeetingKind as PlannedKind
from schemas.series_planning import (
    ProposalOut,
    SendProposalIn,
    SeriesProposalIn,
)
from services.actors import Actor
from services.errors import Conflict, Invalid
from services.events.timers import set_timer
from services.meetings.models import Meeting, MeetingSeries
from services.meetings.service import cancel_meeting
from services.series.access import (
    audit,
    load_series,
    network_busy,
    plan_of,
    series_meetings,
    today_of,
)
from services.series.calendar_rules import PlanningError
from services.series.consent import CONSENT_DUE, consent_due_at
from services.series.mail import request_proposal_mails
from services.series.models import SeriesPlan
from services.series.planner import adjacent_meeting, propose_series
from services.series.polling import poll_choice
from services.series.rotation import apply_rotation, discard_presenter_tasks

ADJACENT_TITLES = {
    MeetingKind.steering: "Styrgrupp / Steering group",
    MeetingKind.preparatory: "Beredningsgrupp / Preparatory group",
}


def propose(
    session: Session,
    *,
    series_id: uuid.UUID,
    data: SeriesProposalIn,
    actor: Actor,
    now: datetime | None = None,
) -> ProposalOut:
    """Replace the series' proposed meetings with a new proposal, around the network's meetings."""
    now = now or utcnow()
    series = load_series(session, series_id, actor, for_update=True)
    plan = plan_of(session, series.id, for_update=True)
    if plan is not None and plan.sent_at is not None and plan.consent_closed_at is None:
        raise Conflict(
            f"förslaget väntar på svar till {plan.reply_by} / "
            f"the proposal is out for consent until {plan.reply_by}"
        )
    drafts = [m for m in series_meetings(session, series.id) if m.status == MeetingStatus.proposed]
    replaced = {m.id for m in drafts}
    poll_slots = [] if data.weekdays else poll_choice(session, series.id)
    request = ProposalRequest(
        term=data.term,
        count=data.count,
        weekdays=data.weekdays,
        modes=data.modes,
        duration_minutes=data.duration_minutes,
        adjacent=data.adjacent,
        region=data.region,
        busy=[b for i, b in network_busy(session, series.network_id, now) if i not in replaced],
    )
    try:
        result = propose_series(request, today=today_of(now), poll_slots=poll_slots)
    except PlanningError as exc:
        raise Invalid(str(exc)) from exc
    _discard(session, drafts, sent=plan is not None and plan.sent_at is not None, actor=actor)
    meetings = _create_meetings(session, series, result.meetings, data.adjacent)
    source = "weekdays" if data.weekdays else "poll" if poll_slots else "default"
    plan = plan or SeriesPlan(series_id=series.id, network_id=series.network_id)
    plan.term, plan.preferences, plan.preference_source = result.term, result.preferences, source
    plan.region, plan.duration_minutes = data.region, data.duration_minutes
    plan.adjacent = data.adjacent.model_dump(mode="json") if data.adjacent else None
    plan.sent_at = plan.reply_by = plan.consent_closed_at = None
    series.term, series.reply_by = result.term, None
    session.add(plan)
    session.flush()
    apply_rotation(session, series=series, actor=actor, now=now)
    audit(session, actor, "propose", "series", series.id, meetings=len(meetings))
    return ProposalOut(
        series_id=series.id,
        term=result.term,
        preferences=result.preferences,
        preference_source=source,
        meetings=[MeetingOut.model_validate(m) for m in meetings],
        explanations=result.explanations,
    )


def _discard(session: Session, drafts: Iterable[Meeting], *, sent: bool, actor: Actor) -> None:
    """Unsent drafts go; dates members have seen are cancelled so their invites can be withdrawn."""
    drafts = list(drafts)
    discard_presenter_tasks(session, meeting_ids=[m.id for m in drafts], actor=actor)
    for meeting in drafts:
        if not sent:
            session.delete(meeting)
        elif meeting.status != MeetingStatus.cancelled:  # a group meeting goes with its own
            cancel_meeting(session, meeting_id=meeting.id, actor=actor, reason="nytt förslag")
    session.flush()


def _create_meetings(
    session: Session,
    series: MeetingSeries,
    planned: list[ProposedMeeting],
    adjacent: AdjacentRequest | None,
) -> list[Meeting]:
    """Network meetings in order, each followed by its adjacent group meeting (linked to it)."""
    network = [p for p in planned if p.kind == PlannedKind.network]
    rows: list[Meeting] = []
    for n, proposed in enumerate(network, 1):
        title = f"{series.name} ({n}/{len(network)})"
        main = _new_meeting(session, series, proposed, title, adjacent_to_id=None)
        rows.append(main)
        if adjacent is not None:
            extra = adjacent_meeting(proposed, adjacent)
            title = ADJACENT_TITLES[MeetingKind(extra.kind.value)]
            rows.append(_new_meeting(session, series, extra, title, adjacent_to_id=main.id))
    return sorted(rows, key=lambda m: m.starts_at)


def _new_meeting(
    session: Session,
    series: MeetingSeries,
    proposed: ProposedMeeting,
    title: str,
    *,
    adjacent_to_id: uuid.UUID | None,
) -> Meeting:
    meeting_id = uuid.uuid4()
    mode = MeetingMode(proposed.mode.value)
    meeting = Meeting(
        id=meeting_id,
        network_id=series.network_id,
        series_id=series.id,
        adjacent_to_id=adjacent_to_id,
        kind=MeetingKind(proposed.kind.value),
        title=title,
        starts_at=proposed.starts_at.astimezone(UTC),
        ends_at=proposed.ends_at.astimezone(UTC),
        mode=mode,
        location=series.default_location if mode == MeetingMode.on_site else None,
        status=MeetingStatus.proposed,
        ical_uid=f"{meeting_id}@samverkan",
        ical_sequence=0,
    )
    session.add(meeting)
    session.flush()
    return meeting


def send_proposal(
    session: Session,
    *,
    series_id: uuid.UUID,
    data: SendProposalIn,
    actor: Actor,
    now: datetime | None = None,
) -> SeriesPlan:
    """Open the silent-consent round: dates nobody objects to by `reply_by` are confirmed."""
    now = now or utcnow()
    today = today_of(now)
    series = load_series(session, series_id, actor, for_update=True)
    plan = plan_of(session, series.id, for_update=True)
    proposed = [
        m for m in series_meetings(session, series.id) if m.status == MeetingStatus.proposed
    ]
    if plan is None or not proposed:
        raise Conflict("inget förslag att skicka / no proposal to send: make a proposal first")
    if data.reply_by <= today:
        raise Invalid(
            f"svarsdatum måste vara i framtiden / reply_by must be after {today}", field="reply_by"
        )
    first = min(today_of(m.starts_at) for m in proposed)
    if data.reply_by >= first:
        raise Invalid(
            f"svarsdatum måste ligga före första mötet / reply_by must be before {first}",
            field="reply_by",
        )
    if plan.sent_at is None or plan.consent_closed_at is not None:
        plan.sent_at, plan.consent_closed_at = now, None
    plan.reply_by = series.reply_by = data.reply_by
    set_timer(
        session,
        kind=CONSENT_DUE,
        subject_id=series.id,
        due_at=consent_due_at(data.reply_by),
        network_id=series.network_id,
    )
    session.flush()
    # Silence counts as consent only if everyone was asked: one mail per invitee, with links.
    mails = request_proposal_mails(
        session, series=series, meetings=proposed, reply_by=data.reply_by
    )
    audit(
        session,
        actor,
        "send_proposal",
        "series",
        series.id,
        reply_by=str(data.reply_by),
        mails=mails,
    )
    return plan

"""Series with the database: creating one, its proposals around the network's other meetings,
sending them for consent, and regular series by RRULE."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ, utcnow
from schemas.enums import MeetingKind, MeetingMode, MeetingStatus
from schemas.meetings import MeetingIn, MeetingOut
from schemas.series import (
    AdjacentRequest,
    ProposalOut,
    ProposalRequest,
    ProposedMeeting,
    RecurringIn,
    RecurringOut,
    SendProposalIn,
    SeriesIn,
    SeriesPatch,
    SeriesProposalIn,
    SkippedDate,
)
from services.actors import Actor
from services.errors import Conflict, Invalid
from services.events.timers import set_timer
from services.lookup import get_in_network, get_referenced
from services.meetings.models import Meeting
from services.meetings.service import cancel_meeting, create_meeting
from services.people.models import Organisation
from services.series.access import (
    audit,
    load_series,
    network_busy,
    plan_of,
    series_meetings,
    today_of,
)
from services.series.consent import CONSENT_DUE, consent_due_at
from services.series.mail import request_proposal_mails
from services.series.models import MeetingSeries, SeriesPlan
from services.series.planning.calendar_rules import PlanningError
from services.series.planning.planner import adjacent_meeting, propose_series
from services.series.planning.recurrence import expand_series, parse_times
from services.series.polls import poll_choice
from services.series.rotation import apply_rotation, discard_presenter_tasks

ADJACENT_TITLES = {
    MeetingKind.steering: "Styrgrupp / Steering group",
    MeetingKind.preparatory: "Beredningsgrupp / Preparatory group",
}


def create_series(session: Session, *, data: SeriesIn, actor: Actor) -> MeetingSeries:
    """A new series of the actor's network; its rotation names organisations of that network."""
    for org_id in data.presenter_rotation:
        get_referenced(
            session, Organisation, org_id, network_id=actor.network_id, label="organisation"
        )
    template = data.survey_template
    series = MeetingSeries(
        network_id=actor.network_id,
        name=data.name,
        term=data.term,
        description=data.description,
        default_location=data.default_location,
        reply_by=data.reply_by,
        presenter_rotation=[str(org_id) for org_id in data.presenter_rotation],
        survey_template=template.model_dump(mode="json") if template else {},
    )
    session.add(series)
    session.flush()
    audit(session, actor, "create", "series", series.id)
    return series


def update_series(
    session: Session, *, series_id: uuid.UUID, data: SeriesPatch, actor: Actor
) -> MeetingSeries:
    """Correct a series' name, description or default location (its meetings keep theirs)."""
    series = get_in_network(
        session, MeetingSeries, series_id, network_id=actor.network_id, label="series",
        for_update=True,
    )  # fmt: skip
    changes = data.model_dump(exclude_unset=True, mode="json")
    if "survey_template" in changes:  # null: back to the defaults, as create_series stores it
        changes["survey_template"] = changes["survey_template"] or {}
    for key, value in changes.items():
        setattr(series, key, value)
    session.flush()
    details = {"fields": sorted(changes)} if changes else {}
    audit(session, actor, "update", "series", series.id, **details)
    return series


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
        raise Conflict("proposals.awaits_consent", reply_by=plan.reply_by)
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
        raise Invalid(exc.code, field=None, **exc.params) from exc
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
    network = [p for p in planned if p.kind == MeetingKind.network]
    rows: list[Meeting] = []
    for n, proposed in enumerate(network, 1):
        title = f"{series.name} ({n}/{len(network)})"
        main = _new_meeting(session, series, proposed, title, adjacent_to_id=None)
        rows.append(main)
        if adjacent is not None:
            extra = adjacent_meeting(proposed, adjacent)
            title = ADJACENT_TITLES[extra.kind]
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
    mode = proposed.mode
    meeting = Meeting(
        id=meeting_id,
        network_id=series.network_id,
        series_id=series.id,
        adjacent_to_id=adjacent_to_id,
        kind=proposed.kind,
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
        raise Conflict("proposals.none")
    if data.reply_by <= today:
        raise Invalid("proposals.reply_by_past", field="reply_by", today=today)
    first = min(today_of(m.starts_at) for m in proposed)
    if data.reply_by >= first:
        raise Invalid("proposals.reply_by_late", field="reply_by", first=first)
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


def create_recurring(
    session: Session,
    *,
    series_id: uuid.UUID,
    data: RecurringIn,
    actor: Actor,
    now: datetime | None = None,
) -> RecurringOut:
    """One planned meeting per occurrence; holidays and bridge days are skipped, not moved."""
    now = now or utcnow()
    series = load_series(session, series_id, actor, for_update=True)
    try:
        start, end = parse_times(data.time)
        dtstart = datetime.combine(data.start, start, tzinfo=LOCAL_TZ)
        duration = datetime.combine(data.start, end) - datetime.combine(data.start, start)
        expanded = expand_series(
            data.rrule,
            dtstart,
            duration,
            until=data.until,
            avoid_school_breaks=data.avoid_school_breaks,
            region=data.region,
        )
    except PlanningError as exc:
        raise Invalid(exc.code, field="rrule", **exc.params) from exc
    occurrences = [(s, e) for s, e in expanded.occurrences if s > now]
    if not occurrences:
        raise Invalid("recurring.rule_gives_none", field="rrule", after=f"{now:%Y-%m-%d}")
    meetings = [
        create_meeting(
            session,
            data=MeetingIn(
                title=f"{series.name} ({n}/{len(occurrences)})",
                starts_at=starts_at,
                ends_at=ends_at,
                series_id=series.id,
                mode=MeetingMode.on_site,
                location=series.default_location,
            ),
            actor=actor,
            now=now,
        )
        for n, (starts_at, ends_at) in enumerate(occurrences, 1)
    ]
    audit(session, actor, "create_recurring", "series", series.id, meetings=len(meetings))
    return RecurringOut(
        series_id=series.id,
        rrule=expanded.rrule,
        meetings=[MeetingOut.model_validate(m) for m in meetings],
        skipped=[SkippedDate(starts_at=s, reason=r) for s, r in expanded.skipped],
    )

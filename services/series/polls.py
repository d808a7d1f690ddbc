"""Preference polls with the database: open one, vote, read results (tally: planning/poll.py)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from schemas.series import PollIn, PollResultsOut, SlotResult, VoteOut
from services.actors import Actor
from services.errors import Conflict, Invalid, NotFound
from services.messages import Phrase
from services.people.models import Member
from services.series.access import audit, load_series, today_of
from services.series.mail import request_poll_mails
from services.series.models import PollVote, PreferencePoll
from services.series.planning.calendar_rules import PlanningError, Slot, parse_slot
from services.series.planning.poll import ALL_OPTIONS, best_slots, concrete_slots, tally_votes


def open_poll(
    session: Session,
    *,
    series_id: uuid.UUID,
    data: PollIn,
    actor: Actor,
    now: datetime | None = None,
) -> PreferencePoll:
    """A new poll replaces the series' open one: its results are what the next proposal uses."""
    now = now or utcnow()
    series = load_series(session, series_id, actor, for_update=True)
    if data.closes_on is not None and data.closes_on <= today_of(now):
        raise Invalid("polls.closes_on_past")
    for old in session.scalars(
        select(PreferencePoll).where(
            PreferencePoll.series_id == series.id, PreferencePoll.closed_at.is_(None)
        )
    ):
        old.closed_at = now
    poll = PreferencePoll(
        series_id=series.id,
        network_id=series.network_id,
        options=_options(data.options),
        closes_on=data.closes_on,
    )
    session.add(poll)
    session.flush()
    mails = request_poll_mails(session, poll=poll)
    audit(session, actor, "open_poll", "series", series.id, poll_id=str(poll.id), mails=mails)
    return poll


def _options(tokens: list[str] | None) -> list[str]:
    """Concrete half-days in weekday order; a bare weekday offers both halves."""
    if not tokens:
        return ALL_OPTIONS
    try:
        slots = {slot for token in tokens for slot in concrete_slots(token)}
    except PlanningError as exc:
        raise Invalid(exc.code, field="options", **exc.params) from exc
    return [slot.token for slot in sorted(slots)]


def record_vote(
    session: Session,
    *,
    member: Member,
    poll_id: uuid.UUID,
    slot: str,
    suits: bool,
    actor: Actor,
    now: datetime | None = None,
) -> VoteOut:
    """One click per option; clicking again changes nothing, `suits=false` takes it back."""
    now = now or utcnow()
    poll = session.get(PreferencePoll, poll_id)
    if poll is None or poll.network_id != member.network_id:
        raise NotFound("polls.not_found")
    closed = poll.closes_on is not None and today_of(now) > poll.closes_on
    if poll.closed_at is not None or closed:
        raise Conflict("polls.closed")
    try:
        tokens = [s.token for s in concrete_slots(parse_slot(slot))]
    except PlanningError as exc:
        reason = Phrase(exc.code, exc.params)
        options = ", ".join(poll.options)
        raise Invalid("polls.bad_slot", field="slot", reason=reason, options=options) from exc
    if not set(tokens) <= set(poll.options):
        raise Invalid("polls.not_offered", field="slot", slot=slot, options=", ".join(poll.options))
    mine = {v.slot: v for v in _votes(session, poll.id) if v.member_id == member.id}
    for token in tokens:
        if suits and token not in mine:
            vote = PollVote(
                poll_id=poll.id,
                member_id=member.id,
                organisation_id=member.organisation_id,
                slot=token,
                voted_at=now,
            )
            session.add(vote)
            mine[token] = vote
        elif not suits and token in mine:
            session.delete(mine.pop(token))
    session.flush()
    audit(session, actor, "vote", "preference_poll", poll.id, slots=tokens, suits=suits)
    chosen = [token for token in poll.options if token in mine]
    return VoteOut(poll_id=poll.id, member_id=member.id, slots=chosen)


def _votes(session: Session, poll_id: uuid.UUID) -> list[PollVote]:
    return list(session.scalars(select(PollVote).where(PollVote.poll_id == poll_id)))


def _latest_poll(session: Session, series_id: uuid.UUID) -> PreferencePoll | None:
    query = select(PreferencePoll).where(PreferencePoll.series_id == series_id)
    return session.scalars(query.order_by(PreferencePoll.created_at.desc()).limit(1)).first()


def _tally(votes: Iterable[PollVote]) -> dict[Slot, Fraction]:
    return tally_votes((v.organisation_id, v.member_id, v.slot) for v in votes)


def poll_choice(session: Session, series_id: uuid.UUID) -> list[Slot]:
    """The latest poll's best half-days, to plan on when the coordinator names no weekdays."""
    poll = _latest_poll(session, series_id)
    return best_slots(_tally(_votes(session, poll.id))) if poll else []


def poll_results(session: Session, *, series_id: uuid.UUID, actor: Actor) -> PollResultsOut:
    """Weight per half-day where each organisation counts once, heaviest first."""
    load_series(session, series_id, actor)
    poll = _latest_poll(session, series_id)
    if poll is None:
        raise NotFound("polls.none")
    votes = _votes(session, poll.id)
    tally = _tally(votes)
    orgs: dict[str, set[uuid.UUID]] = defaultdict(set)
    members: dict[str, set[uuid.UUID]] = defaultdict(set)
    for vote in votes:
        orgs[vote.slot].add(vote.organisation_id)
        members[vote.slot].add(vote.member_id)
    ranked = [s.token for s in tally] + [t for t in poll.options if t not in orgs]
    return PollResultsOut(
        poll_id=poll.id,
        organisations_voted=len({v.organisation_id for v in votes}),
        members_voted=len({v.member_id for v in votes}),
        slots=[
            SlotResult(
                slot=token,
                weight=float(tally.get(parse_slot(token), 0)),
                organisations=len(orgs[token]),
                members=len(members[token]),
            )
            for token in ranked
        ],
        best=[s.token for s in best_slots(tally)],
    )

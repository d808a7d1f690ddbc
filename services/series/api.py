"""REST endpoints of series planning: poll, proposal, silent consent and the presenter rotation."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from schemas.series import (
    ConsentIn,
    ConsentOut,
    ConsentReportOut,
    PlanOut,
    PollIn,
    PollOut,
    PollResultsOut,
    ProposalOut,
    RecurringIn,
    RecurringOut,
    RotationIn,
    RotationOut,
    SendProposalIn,
    SeriesProposalIn,
    VoteOut,
)
from services.api.deps import Db, Reader, Writer, get_link_signer
from services.api.responses import FOUND, MEMBER_LINK, REFUSED, SIGNED_IN
from services.api.routing import TransactionalRoute
from services.auth.service import LinkSigner
from services.series import consent, polls, rotation, service
from services.series.access import member_link
from services.series.models import ConsentResponse, PreferencePoll, SeriesPlan

router = APIRouter(tags=["series planning"], route_class=TransactionalRoute)
Signer = Annotated[LinkSigner, Depends(get_link_signer)]
Token = Annotated[str, Query(min_length=1, max_length=2000, description="Signed member link.")]


@router.post(
    "/series/{series_id}/poll",
    response_model=PollOut,
    status_code=201,
    responses=SIGNED_IN | FOUND,
)
def open_poll(series_id: uuid.UUID, data: PollIn, db: Db, actor: Writer) -> PreferencePoll:
    return polls.open_poll(db, series_id=series_id, data=data, actor=actor)


@router.get(
    "/series/{series_id}/poll/results",
    response_model=PollResultsOut,
    responses=SIGNED_IN | FOUND,
)
def poll_results(series_id: uuid.UUID, db: Db, actor: Reader) -> PollResultsOut:
    return polls.poll_results(db, series_id=series_id, actor=actor)


@router.post("/poll/vote", response_model=VoteOut, responses=MEMBER_LINK | FOUND | REFUSED)
def vote(
    token: Token,
    db: Db,
    signer: Signer,
    slot: Annotated[str, Query(min_length=1, max_length=10, examples=["wed-pm"])],
    suits: bool = True,
) -> VoteOut:
    member, poll_id, actor = member_link(db, signer, token, "poll")
    return polls.record_vote(
        db, member=member, poll_id=poll_id, slot=slot, suits=suits, actor=actor
    )


@router.post(
    "/series/{series_id}/proposal",
    response_model=ProposalOut,
    status_code=201,
    responses=SIGNED_IN | FOUND | REFUSED,
)
def propose(series_id: uuid.UUID, data: SeriesProposalIn, db: Db, actor: Writer) -> ProposalOut:
    return service.propose(db, series_id=series_id, data=data, actor=actor)


@router.post(
    "/series/{series_id}/recurring",
    response_model=RecurringOut,
    status_code=201,
    responses=SIGNED_IN | FOUND,
)
def create_recurring(
    series_id: uuid.UUID, data: RecurringIn, db: Db, actor: Writer
) -> RecurringOut:
    """Planned meetings by RRULE (e.g. FREQ=MONTHLY;BYDAY=1WE), Swedish holidays as EXDATE."""
    return service.create_recurring(db, series_id=series_id, data=data, actor=actor)


@router.post(
    "/series/{series_id}/send-proposal",
    response_model=PlanOut,
    responses=SIGNED_IN | FOUND | REFUSED,
)
def send_proposal(series_id: uuid.UUID, data: SendProposalIn, db: Db, actor: Writer) -> SeriesPlan:
    return service.send_proposal(db, series_id=series_id, data=data, actor=actor)


@router.post("/consent", response_model=ConsentOut, responses=MEMBER_LINK | FOUND | REFUSED)
def give_consent(token: Token, data: ConsentIn, db: Db, signer: Signer) -> ConsentResponse:
    member, meeting_id, actor = member_link(db, signer, token, "rsvp")
    return consent.record_consent(db, member=member, meeting_id=meeting_id, data=data, actor=actor)


@router.get(
    "/series/{series_id}/consent",
    response_model=ConsentReportOut,
    responses=SIGNED_IN | FOUND,
)
def consent_report(series_id: uuid.UUID, db: Db, actor: Reader) -> ConsentReportOut:
    return consent.consent_report(db, series_id=series_id, actor=actor)


@router.post(
    "/series/{series_id}/rotation",
    response_model=RotationOut,
    responses=SIGNED_IN | FOUND,
)
def set_rotation(series_id: uuid.UUID, data: RotationIn, db: Db, actor: Writer) -> RotationOut:
    return rotation.set_rotation(db, series_id=series_id, data=data, actor=actor)

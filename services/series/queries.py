"""Reads of series plans, consent answers and polls that other rooms use (the pages)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.series.models import ConsentResponse, PreferencePoll, SeriesPlan


def consent_given(session: Session, *, meeting_id: uuid.UUID, member_id: uuid.UUID) -> bool | None:
    """Whether the member said the date works (None: no answer yet)."""
    return session.scalar(
        select(ConsentResponse.works).where(
            ConsentResponse.meeting_id == meeting_id, ConsentResponse.member_id == member_id
        )
    )


def poll_in(
    session: Session, poll_id: uuid.UUID, *, network_id: uuid.UUID
) -> PreferencePoll | None:
    """The poll if it belongs to the network."""
    poll = session.get(PreferencePoll, poll_id)
    return poll if poll is not None and poll.network_id == network_id else None


def sent_for_consent(session: Session, series_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """Those of the series whose proposal has been sent out for consent."""
    query = select(SeriesPlan.series_id).where(
        SeriesPlan.series_id.in_(list(series_ids)), SeriesPlan.sent_at.is_not(None)
    )
    return list(session.scalars(query))

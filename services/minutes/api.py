"""Minutes endpoints: extract from an upload, save the reviewed extraction, approve."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from sqlalchemy import select

from schemas.common import ApiModel, CleanText, Day
from schemas.enums import OrganisationKind
from schemas.minutes import MinutesExtraction
from services.api.deps import Db, Reader, Writer
from services.api.responses import FOUND, REFUSED, SIGNED_IN, problems
from services.api.routing import TransactionalRoute
from services.lookup import get_in_network
from services.meetings.models import Meeting
from services.minutes import service
from services.minutes.extraction import extract_minutes, read_minutes_bytes
from services.minutes.extraction.reader import MAX_BYTES
from services.minutes.models import Minutes
from services.people.models import Organisation
from services.people.registry import OrganisationRef

router = APIRouter(tags=["minutes"], responses=SIGNED_IN, route_class=TransactionalRoute)


class MinutesIn(ApiModel):
    text: Annotated[str, CleanText(2_000_000, multiline=True)] = ""
    extraction: MinutesExtraction


class MinutesOut(ApiModel):
    status: str  # "missing" before any are saved, else the minutes' status
    text: str
    extraction: dict[str, Any] | None


class MinutesSaved(ApiModel):
    minutes_id: uuid.UUID
    status: str
    unmatched_attendees: list[str]


def network_registry(db: Db, network_id: uuid.UUID | None) -> list[OrganisationRef]:
    """The network's own organisations, so extraction matches what this network calls itself."""
    orgs = db.scalars(select(Organisation).where(Organisation.network_id == network_id))
    return [
        OrganisationRef(o.name, o.short_name, OrganisationKind(o.kind), tuple(o.aliases))
        for o in orgs
    ]


@router.post("/minutes/extract", response_model=MinutesExtraction, responses=problems(413))
def extract_upload(
    db: Db,
    actor: Writer,
    file: Annotated[UploadFile, File(description=".txt, .md, .docx or .pdf, at most 10 MB")],
    meeting_date: Annotated[Day, Form()],
) -> MinutesExtraction:
    """Nothing is stored: the coordinator reviews the result, then saves it. A plain def, so
    the parsing runs in the thread pool, not on the event loop."""
    data = file.file.read(MAX_BYTES + 1)
    text = read_minutes_bytes(data, file.filename or "upload.txt")  # MinutesReadError: a 422
    return extract_minutes(
        text, meeting_date=meeting_date, organisations=network_registry(db, actor.network_id)
    )


@router.get("/meetings/{meeting_id}/minutes", response_model=MinutesOut, responses=FOUND)
def get_minutes(meeting_id: uuid.UUID, db: Db, actor: Reader) -> MinutesOut:
    get_in_network(db, Meeting, meeting_id, network_id=actor.network_id, label="meeting")
    minutes = db.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
    if minutes is None:
        return MinutesOut(status="missing", text="", extraction=None)
    return MinutesOut(status=minutes.status.value, text=minutes.text, extraction=minutes.extraction)


@router.put(
    "/meetings/{meeting_id}/minutes", response_model=MinutesSaved, responses=FOUND | REFUSED
)
def save_minutes(meeting_id: uuid.UUID, data: MinutesIn, db: Db, actor: Writer) -> MinutesSaved:
    minutes, unmatched = service.save_reviewed_minutes(
        db, meeting_id=meeting_id, extraction=data.extraction, actor=actor, text=data.text
    )
    return MinutesSaved(
        minutes_id=minutes.id, status=minutes.status.value, unmatched_attendees=unmatched
    )


@router.post(
    "/meetings/{meeting_id}/minutes/approve",
    response_model=MinutesSaved,
    responses=FOUND | REFUSED,
)
def approve(meeting_id: uuid.UUID, db: Db, actor: Writer) -> MinutesSaved:
    minutes = service.approve_minutes(db, meeting_id=meeting_id, actor=actor)
    return MinutesSaved(minutes_id=minutes.id, status=minutes.status.value, unmatched_attendees=[])

"""REST endpoints for series, meetings, agenda items and attendance."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from sqlalchemy import select

from schemas.common import Moment, Page
from schemas.enums import MeetingStatus
from schemas.meetings import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AttendanceIn,
    AttendanceOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    RescheduleIn,
)
from schemas.series import SeriesIn, SeriesOut, SeriesPatch
from services.api.deps import Db, Reader, Writer
from services.api.params import Limit, Offset
from services.api.responses import FOUND, REFUSED, SIGNED_IN
from services.api.routing import TransactionalRoute
from services.lookup import get_in_network, page_of
from services.meetings import agenda, attendance, queries, service
from services.meetings.models import AgendaItem, Attendance, Meeting
from services.series import service as series_service
from services.series.models import MeetingSeries

router = APIRouter(tags=["meetings"], responses=SIGNED_IN, route_class=TransactionalRoute)


@router.get("/series", response_model=Page[SeriesOut])
def list_series(db: Db, actor: Reader, limit: Limit = 50, offset: Offset = 0) -> Page[SeriesOut]:
    query = select(MeetingSeries).where(MeetingSeries.network_id == actor.network_id)
    return page_of(
        db, query.order_by(MeetingSeries.created_at.desc()), SeriesOut, limit=limit, offset=offset
    )


@router.post("/series", response_model=SeriesOut, status_code=201)
def create_series(data: SeriesIn, db: Db, actor: Writer) -> MeetingSeries:
    return series_service.create_series(db, data=data, actor=actor)


@router.get("/series/{series_id}", response_model=SeriesOut, responses=FOUND)
def get_series(series_id: uuid.UUID, db: Db, actor: Reader) -> MeetingSeries:
    return get_in_network(db, MeetingSeries, series_id, network_id=actor.network_id, label="series")


@router.patch("/series/{series_id}", response_model=SeriesOut, responses=FOUND)
def update_series(series_id: uuid.UUID, data: SeriesPatch, db: Db, actor: Writer) -> MeetingSeries:
    return series_service.update_series(db, series_id=series_id, data=data, actor=actor)


@router.get("/meetings", response_model=Page[MeetingOut])
def list_meetings(
    db: Db,
    actor: Reader,
    series_id: uuid.UUID | None = None,
    status: MeetingStatus | None = None,
    starts_after: Moment | None = None,
    starts_before: Moment | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[MeetingOut]:
    query = select(Meeting).where(Meeting.network_id == actor.network_id)
    if series_id is not None:
        query = query.where(Meeting.series_id == series_id)
    if status is not None:
        query = query.where(Meeting.status == status)
    if starts_after is not None:
        query = query.where(Meeting.starts_at >= starts_after)
    if starts_before is not None:
        query = query.where(Meeting.starts_at < starts_before)
    return page_of(
        db, query.order_by(Meeting.starts_at, Meeting.id), MeetingOut, limit=limit, offset=offset
    )


@router.post("/meetings", response_model=MeetingOut, status_code=201)
def create_meeting(data: MeetingIn, db: Db, actor: Writer) -> Meeting:
    return service.create_meeting(db, data=data, actor=actor)


@router.get("/meetings/{meeting_id}", response_model=MeetingOut, responses=FOUND)
def get_meeting(meeting_id: uuid.UUID, db: Db, actor: Reader) -> Meeting:
    return get_in_network(db, Meeting, meeting_id, network_id=actor.network_id, label="meeting")


@router.patch("/meetings/{meeting_id}", response_model=MeetingOut, responses=FOUND | REFUSED)
def update_meeting(meeting_id: uuid.UUID, data: MeetingPatch, db: Db, actor: Writer) -> Meeting:
    return service.update_meeting(db, meeting_id=meeting_id, data=data, actor=actor)


@router.post(
    "/meetings/{meeting_id}/schedule", response_model=MeetingOut, responses=FOUND | REFUSED
)
def schedule_meeting(meeting_id: uuid.UUID, db: Db, actor: Writer) -> Meeting:
    return service.schedule_meeting(db, meeting_id=meeting_id, actor=actor)


@router.post(
    "/meetings/{meeting_id}/reschedule", response_model=MeetingOut, responses=FOUND | REFUSED
)
def reschedule_meeting(meeting_id: uuid.UUID, data: RescheduleIn, db: Db, actor: Writer) -> Meeting:
    return service.reschedule_meeting(db, meeting_id=meeting_id, data=data, actor=actor)


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingOut, responses=FOUND | REFUSED)
def cancel_meeting(meeting_id: uuid.UUID, db: Db, actor: Writer) -> Meeting:
    return service.cancel_meeting(db, meeting_id=meeting_id, actor=actor)


@router.post("/meetings/{meeting_id}/held", response_model=MeetingOut, responses=FOUND | REFUSED)
def mark_held(meeting_id: uuid.UUID, db: Db, actor: Writer) -> Meeting:
    return service.mark_held(db, meeting_id=meeting_id, actor=actor)


@router.get("/meetings/{meeting_id}/agenda", response_model=list[AgendaItemOut], responses=FOUND)
def list_agenda(meeting_id: uuid.UUID, db: Db, actor: Reader) -> list[AgendaItem]:
    meeting = get_in_network(db, Meeting, meeting_id, network_id=actor.network_id, label="meeting")
    return list(meeting.agenda_items)


@router.post(
    "/meetings/{meeting_id}/agenda",
    response_model=AgendaItemOut,
    status_code=201,
    responses=FOUND,
)
def add_agenda_item(meeting_id: uuid.UUID, data: AgendaItemIn, db: Db, actor: Writer) -> AgendaItem:
    return agenda.add_agenda_item(db, meeting_id=meeting_id, data=data, actor=actor)


@router.patch(
    "/meetings/{meeting_id}/agenda/{item_id}",
    response_model=AgendaItemOut,
    responses=FOUND,
)
def update_agenda_item(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: AgendaItemPatch, db: Db, actor: Writer
) -> AgendaItem:
    return agenda.update_agenda_item(
        db, meeting_id=meeting_id, item_id=item_id, data=data, actor=actor
    )


@router.delete("/meetings/{meeting_id}/agenda/{item_id}", status_code=204, responses=FOUND)
def delete_agenda_item(meeting_id: uuid.UUID, item_id: uuid.UUID, db: Db, actor: Writer) -> None:
    agenda.delete_agenda_item(db, meeting_id=meeting_id, item_id=item_id, actor=actor)


@router.get(
    "/meetings/{meeting_id}/attendance", response_model=list[AttendanceOut], responses=FOUND
)
def list_attendance(meeting_id: uuid.UUID, db: Db, actor: Reader) -> list[Attendance]:
    get_in_network(db, Meeting, meeting_id, network_id=actor.network_id, label="meeting")
    return queries.attendance_of(db, meeting_id)


@router.put(
    "/meetings/{meeting_id}/attendance", response_model=list[AttendanceOut], responses=FOUND
)
def record_attendance(
    meeting_id: uuid.UUID, data: AttendanceIn, db: Db, actor: Writer
) -> list[Attendance]:
    return attendance.record_attendance(db, meeting_id=meeting_id, data=data, actor=actor)

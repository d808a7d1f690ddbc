"""REST endpoints for tasks (filters: organisation, owner, status, overdue, meeting, due range)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from schemas.common import Day, Page
from schemas.enums import TaskStatus
from schemas.tasks import TaskIn, TaskOut, TaskPatch
from services.api.deps import Db, Reader, Writer
from services.api.params import Limit, Offset
from services.api.responses import FOUND, REFUSED, SIGNED_IN
from services.api.routing import TransactionalRoute
from services.lookup import get_in_network, page_of
from services.tasks import service
from services.tasks.models import Task

router = APIRouter(tags=["tasks"], responses=SIGNED_IN, route_class=TransactionalRoute)


@router.get("/tasks", response_model=Page[TaskOut])
def list_tasks(
    db: Db,
    actor: Reader,
    organisation_id: uuid.UUID | None = None,
    owner_member_id: uuid.UUID | None = None,
    status: TaskStatus | None = None,
    overdue: bool | None = None,
    meeting_id: uuid.UUID | None = None,
    due_from: Day | None = None,
    due_to: Day | None = None,
    order_by: Annotated[str, Query(pattern="^-?(due_date|title|status|created_at)$")] = "due_date",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[TaskOut]:
    query = service.task_query(
        network_id=actor.network_id,
        organisation_id=organisation_id,
        owner_member_id=owner_member_id,
        status=status,
        overdue=overdue,
        meeting_id=meeting_id,
        due_from=due_from,
        due_to=due_to,
        order_by=order_by,
    )
    return page_of(db, query, TaskOut, limit=limit, offset=offset)


@router.post("/tasks", response_model=TaskOut, status_code=201)
def create_task(data: TaskIn, db: Db, actor: Writer) -> Task:
    return service.create_task(db, data=data, actor=actor)


@router.get("/tasks/{task_id}", response_model=TaskOut, responses=FOUND)
def get_task(task_id: uuid.UUID, db: Db, actor: Reader) -> Task:
    return get_in_network(db, Task, task_id, network_id=actor.network_id, label="task")


@router.patch("/tasks/{task_id}", response_model=TaskOut, responses=FOUND | REFUSED)
def update_task(task_id: uuid.UUID, data: TaskPatch, db: Db, actor: Writer) -> Task:
    return service.update_task(db, task_id=task_id, data=data, actor=actor)

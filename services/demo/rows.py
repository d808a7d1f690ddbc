"""Row buffers and the bulk writers: COPY on PostgreSQL, executemany elsewhere."""

from __future__ import annotations

import json
import random
import time as clock
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import JSON, Connection, Table, bindparam, update

from infra.clock import LOCAL_TZ
from services.auth.models import NetworkMembership, UserAccount
from services.deadlines.models import Deadline
from services.events.models import Timer
from services.meetings.models import AgendaItem, Attendance, Meeting, Rsvp
from services.minutes.models import ActionItem, Decision, Minutes
from services.notifications.models import Notification
from services.people.models import Member, Network, Organisation
from services.series.models import MeetingSeries
from services.surveys.models import Survey, SurveyQuestion, SurveyRecipient
from services.tasks.models import Task


def table_of(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


class Rows:
    """Per-table row buffers for one chunk of networks, flushed in foreign-key order."""

    ORDER: tuple[Table, ...] = tuple(
        table_of(m)
        for m in (
            Network,
            Organisation,
            Member,
            UserAccount,
            NetworkMembership,
            MeetingSeries,
            Meeting,
            AgendaItem,
            Attendance,
            Rsvp,
            Minutes,
            Decision,
            ActionItem,
            Task,
            Timer,
            Deadline,
            Survey,
            SurveyQuestion,
            SurveyRecipient,
            Notification,
        )
    )

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in self.ORDER}
        self.contacts: list[dict[str, Any]] = []
        self.coordinator_orgs: list[dict[str, Any]] = []

    def add(self, table: str, **values: Any) -> None:
        self.rows[table].append(values)


class _Ids:
    """Time-ordered UUIDs (UUIDv7 layout): B-tree inserts append instead of landing at random."""

    def __init__(self) -> None:
        self.reset(random.Random())

    def reset(self, rng: random.Random) -> None:
        self.rng, self.next = rng, int(clock.time() * 1000) << 16

    def __call__(self) -> uuid.UUID:
        self.next += 1
        value = (self.next << 64) | self.rng.getrandbits(64)
        value = (value & ~(0xF000 << 64) | (0x7000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
        return uuid.UUID(int=value)


new_id = _Ids()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


def stamp(moment: datetime) -> dict[str, datetime]:
    return {"created_at": moment, "updated_at": moment}


def flush_rows(conn: Connection, rows: Rows, counts: dict[str, int]) -> None:
    write = _copy if conn.dialect.name == "postgresql" else _insert
    for table in rows.ORDER:
        batch = rows.rows[table.name]
        if batch:
            write(conn, table, batch)
            counts[table.name] = counts.get(table.name, 0) + len(batch)
        if table.name == "member":
            _link(conn, rows)


def _link(conn: Connection, rows: Rows) -> None:
    """Contacts and coordinator organisations point both ways: set after both rows exist."""
    org, network = table_of(Organisation), table_of(Network)
    if rows.contacts:
        conn.execute(
            update(org)
            .where(org.c.id == bindparam("b_id"))
            .values(contact_member_id=bindparam("b_member")),
            rows.contacts,
        )
    if rows.coordinator_orgs:
        conn.execute(
            update(network)
            .where(network.c.id == bindparam("b_id"))
            .values(coordinator_organisation_id=bindparam("b_org")),
            rows.coordinator_orgs,
        )


def _copy(conn: Connection, table: Table, batch: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY ... FROM STDIN through the connection's psycopg cursor.

    Every row of a table is built by one call site, so its dict's key order is the column list.
    JSON columns hold pre-encoded text, which COPY's text format parses as jsonb.
    """
    names = ", ".join(f'"{c}"' for c in batch[0])
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for values in batch:
            copy.write_row(tuple(values.values()))


def _insert(conn: Connection, table: Table, batch: list[dict[str, Any]]) -> None:
    """Other databases (the embedded SQLite): executemany in slices, JSON text decoded."""
    json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
    for start in range(0, len(batch), 5000):
        chunk = [
            {**row, **{c: json.loads(row[c]) for c in json_columns if c in row}}
            for row in batch[start : start + 5000]
        ]
        conn.execute(table.insert(), chunk)

"""Asking for mail: one row per (reason, recipient, kind), whoever asks and however often."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from infra.clock import utcnow
from services.notifications.formatting import next_send_time
from services.notifications.kinds import MailPayload
from services.notifications.models import Notification, NotificationStatus
from services.notifications.quiet_hours import window_of
from services.people.models import DeliveryChannel, Network


def member_key(key: str, member_id: uuid.UUID) -> str:
    """The key of one member's copy of a mail asked for many: asking twice makes none."""
    return f"{key}:{member_id}"


@dataclass(frozen=True)
class Mail:
    """One mail to ask for: what it says, to whom, and the key that makes asking twice harmless.

    `expires_at`: past it the mail is not sent (a reminder about a survey that has closed).
    """

    payload: MailPayload
    key: str
    member_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    event_id: uuid.UUID | None = None
    expires_at: datetime | None = None

    @classmethod
    def to_each(
        cls,
        payload: MailPayload,
        member_ids: Iterable[uuid.UUID],
        *,
        key: str,
        subject_id: uuid.UUID,
        event_id: uuid.UUID | None = None,
        expires_at: datetime | None = None,
    ) -> list[Mail]:
        """The same mail to each member (an audience, followers), keyed `{key}:{member id}`."""
        return [
            cls(payload, member_key(key, m), m, None, subject_id, event_id, expires_at)
            for m in member_ids
        ]


def request_mail(
    session: Session,
    *,
    network_id: uuid.UUID,
    mails: Sequence[Mail],
    now: datetime | None = None,
) -> int:
    """Insert the rows whose key is new (one multi-row INSERT); returns how many it made."""
    return request_mails(session, by_network={network_id: mails}, now=now)


def request_mails(
    session: Session,
    *,
    by_network: Mapping[uuid.UUID, Sequence[Mail]],
    now: datetime | None = None,
) -> int:
    """`request_mail` for a whole batch: every network's mails in one multi-row INSERT."""
    wanted = [network_id for network_id, mails in by_network.items() if mails]
    if not wanted:
        return 0
    now = now or utcnow()
    networks = _networks(session, wanted)
    dumped: dict[int, dict[str, Any]] = {}  # one audience shares one payload: dump it once
    rows = [
        row
        for network_id in wanted
        for row in _rows(networks.get(network_id), network_id, by_network[network_id], now, dumped)
    ]
    return _insert_new(session, rows)


def _networks(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Network]:
    """The networks by id: the ones the session holds already cost no query."""
    held = {i: session.identity_map.get(identity_key(Network, i)) for i in ids}
    found = {i: n for i, n in held.items() if isinstance(n, Network)}
    missing = [i for i in ids if i not in found]
    if missing:
        found.update(
            (n.id, n) for n in session.scalars(select(Network).where(Network.id.in_(missing)))
        )
    return found


def _rows(
    network: Network | None,
    network_id: uuid.UUID,
    mails: Sequence[Mail],
    now: datetime,
    dumped: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """One network's notification rows: its channel, and its own sending window."""
    channel = network.delivery_channel if network else DeliveryChannel.smtp
    window = window_of(network)  # non-urgent mail waits for the network's own window
    send_after = {u: next_send_time(now, urgent=u, window=window) for u in (True, False)}
    return [
        {
            "id": uuid.uuid4(),
            "network_id": network_id,
            "recipient_member_id": m.member_id,
            "recipient_user_id": m.user_id,
            "channel": channel,
            "kind": m.payload.kind.value,
            "idempotency_key": m.key,
            "event_id": m.event_id,
            "subject_id": m.subject_id,
            "context": dumped.setdefault(id(m.payload), m.payload.model_dump(mode="json")),
            "status": NotificationStatus.pending,
            "send_after": send_after[m.payload.urgent],
            "expires_at": m.expires_at,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        for m in mails
    ]


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose idempotency key is new; returns how many it made."""
    if not rows:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        return len(list(session.scalars(*_unnest_insert(session, rows))))
    taken = set(
        session.scalars(
            select(Notification.idempotency_key).where(
                Notification.idempotency_key.in_([r["idempotency_key"] for r in rows])
            )
        )
    )
    fresh = [Notification(**r) for r in rows if r["idempotency_key"] not in taken]
    session.add_all(fresh)
    session.flush()
    return len(fresh)


def _unnest_insert(
    session: Session, rows: list[dict[str, Any]]
) -> tuple[TextClause, dict[str, Any]]:
    """The rows as one array per column (`INSERT … SELECT FROM unnest`), each payload once.

    A VALUES list of a thousand rows is a new, long statement that psycopg parses every time;
    this one stays short and the same. An audience shares one payload: its JSON goes once, and
    each row names it by its place in the payloads' array.
    """
    dialect = session.get_bind().dialect
    table = Notification.__table__
    payloads: dict[int, int] = {}  # id of a row's context dict: its place in `dumped`
    dumped: list[str] = []
    arrays: dict[str, Any] = {}
    casts, picks = [], []
    for index, name in enumerate(rows[0]):
        values = [row[name] for row in rows]
        sql_type = table.c[name].type.compile(dialect=dialect)
        if name == "context":
            for value in values:
                if id(value) not in payloads:
                    payloads[id(value)] = len(dumped)
                    dumped.append(json.dumps(value))
            values, sql_type = [payloads[id(v)] for v in values], "INTEGER"
            picks.append(f"(SELECT CAST(:payloads AS JSONB)) -> u.c{index}")  # parsed once
        else:
            if (process := table.c[name].type.bind_processor(dialect)) is not None:
                values = [process(v) for v in values]  # enums as their values, stamps in UTC
            picks.append(f"u.c{index}")
        arrays[f"c{index}"] = values
        casts.append(f"CAST(:c{index} AS {sql_type}[])")
    arrays["payloads"] = f"[{', '.join(dumped)}]"  # one JSON array: no per-element quoting
    statement = text(
        f"INSERT INTO {Notification.__tablename__} ({', '.join(rows[0])})"
        f" SELECT {', '.join(picks)} FROM unnest({', '.join(casts)})"
        f" AS u({', '.join(f'c{i}' for i in range(len(casts)))})"
        " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"
    )
    return statement, arrays


def suppress_pending(
    session: Session,
    *,
    subject_id: uuid.UUID,
    kinds: set[str],
    member_id: uuid.UUID | None = None,
) -> None:
    """Withdraw queued mails that no longer make sense (a finished task needs no reminder);
    with `member_id`, only that member's (someone who answered the survey)."""
    query = update(Notification).where(
        Notification.subject_id == subject_id,
        Notification.kind.in_(kinds),
        Notification.status == NotificationStatus.pending,
    )
    if member_id is not None:
        query = query.where(Notification.recipient_member_id == member_id)
    session.execute(query.values(status=NotificationStatus.suppressed, updated_at=utcnow()))


def suppress_pending_of(
    session: Session, *, subject_ids: Collection[uuid.UUID], kinds: set[str]
) -> None:
    """`suppress_pending` for many subjects in one UPDATE (a batch of closed deadlines)."""
    if not subject_ids:
        return
    query = update(Notification).where(
        Notification.subject_id.in_(subject_ids),
        Notification.kind.in_(kinds),
        Notification.status == NotificationStatus.pending,
    )
    session.execute(query.values(status=NotificationStatus.suppressed, updated_at=utcnow()))

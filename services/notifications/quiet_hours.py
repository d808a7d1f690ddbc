"""Each network's sending window: read from its settings, and as one SQL condition for the
claim, so a scan filters every network's rows in the database rather than row by row."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.orm import Session

from infra.clock import LOCAL_TZ
from services.notifications.formatting import (
    WORKING_HOURS,
    SendingWindow,
    is_holiday,
    next_send_time,
)
from services.notifications.models import Notification, NotificationStatus
from services.people.models import Network


def window_of(network: Network | None) -> SendingWindow:
    """The network's own window; what it left empty stays as before (working days 08–17)."""
    if network is None:
        return WORKING_HOURS
    return SendingWindow(
        start=network.send_from or WORKING_HOURS.start,
        end=network.send_until or WORKING_HOURS.end,
        weekends=bool(network.send_on_weekends),
        holidays=bool(network.send_on_holidays),
    )


def open_network_ids(now: datetime) -> Select[uuid.UUID]:
    """The ids of the networks whose window is open at `now`: the day's facts (Stockholm wall
    clock, weekend, holiday) are worked out once here, and the database compares them with
    each network's own window."""
    local_now = now.astimezone(LOCAL_TZ)
    clock, day = local_now.time().replace(tzinfo=None), local_now.date()
    where: list[ColumnElement[bool]] = [
        func.coalesce(Network.send_from, WORKING_HOURS.start) <= clock,
        func.coalesce(Network.send_until, WORKING_HOURS.end) > clock,
    ]
    if day.weekday() >= 5:
        where.append(Network.send_on_weekends.is_(True))
    if is_holiday(day):
        where.append(Network.send_on_holidays.is_(True))
    return select(Network.id).where(*where)


def bring_forward_waiting(
    session: Session, *, network_id: uuid.UUID, window: SendingWindow, now: datetime
) -> int:
    """After a network widened its window, mail held for the old one goes when the new one
    opens; a retry's backoff (it has an error) keeps its time, and nothing moves later (a
    narrower window holds mail back by the claim's condition anyway)."""
    opens = next_send_time(now, urgent=False, window=window)
    result = session.execute(
        update(Notification)
        .where(
            Notification.network_id == network_id,
            Notification.status == NotificationStatus.pending,
            Notification.send_after > opens,
            Notification.last_error.is_(None),
        )
        .values(send_after=opens, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)

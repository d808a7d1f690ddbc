"""Bulk demo data at national scale: many networks shaped like the GR network's minutes.

`samverkan demo generate --networks 1000 --years 20` writes about 20,000 members,
100,000 meetings and 1,000,000 tasks. Rows are streamed with PostgreSQL COPY (psycopg's
`cursor.copy`), one chunk of networks per transaction; other databases get executemany inserts.

Shape of one network (from the sample minutes): 6–12 organisations (municipalities, authorities,
the coordinating organisation) with ~20 members; two terms a year (VT, HT) of 4–6 network meetings
plus an adjacent steering-group meeting; attendance, RSVPs, approved minutes with decisions and
~10 action items, each a follow-up task; ~15% of the tasks overdue and open, the rest done (a
few cancelled); task timers as the service arms them; application windows; surveys; and the
notifications of the last `notification_days` (older mail is assumed purged).
"""

from __future__ import annotations

import multiprocessing
import random
import time as clock
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date

from sqlalchemy import Engine

from infra.clock import LOCAL_TZ, utcnow
from infra.db import engine_for
from services.demo.network import build_network
from services.demo.plan import Generated, Plan
from services.demo.rows import Rows, flush_rows, new_id

__all__ = ["Generated", "Plan", "generate"]


def generate(
    engine: Engine,
    plan: Plan,
    *,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Generated:
    """Write `plan` into the (migrated) database behind `engine`; returns what was written.

    Chunks of networks are independent (own random stream, own transaction), so `workers`
    processes can generate and COPY them side by side; the data does not depend on `workers`.
    """
    started = clock.perf_counter()
    today = plan.today or utcnow().astimezone(LOCAL_TZ).date()
    run = uuid.uuid4().hex[:6]
    chunks = [
        (first, min(plan.networks, first + plan.chunk_networks))
        for first in range(0, plan.networks, plan.chunk_networks)
    ]
    result = Generated()

    def merge(part: Generated) -> None:
        result.network_ids += part.network_ids
        for table, count in part.counts.items():
            result.counts[table] = result.counts.get(table, 0) + count
        if progress:
            progress(f"{len(result.network_ids)}/{plan.networks} networks, {result.tasks} tasks")

    if workers <= 1 or len(chunks) == 1:
        for chunk in chunks:
            merge(_chunk(engine, plan, today, run, chunk))
    else:
        url = engine.url.render_as_string(hide_password=False)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs = [pool.submit(_chunk_in_process, url, plan, today, run, c) for c in chunks]
            for job in jobs:
                merge(job.result())
    result.seconds = clock.perf_counter() - started
    return result


def _chunk_in_process(
    url: str, plan: Plan, today: date, run: str, chunk: tuple[int, int]
) -> Generated:
    return _chunk(engine_for(url), plan, today, run, chunk)


def _chunk(engine: Engine, plan: Plan, today: date, run: str, chunk: tuple[int, int]) -> Generated:
    """One transaction: generate the chunk's networks in memory, then COPY table by table."""
    rng = random.Random(f"{plan.seed}:{chunk[0]}")
    new_id.reset(rng)
    rows, part = Rows(), Generated()
    for index in range(*chunk):
        part.network_ids.append(build_network(rows, rng, plan, today, f"{run}-{index + 1}"))
    with engine.begin() as conn:
        flush_rows(conn, rows, part.counts)
    return part

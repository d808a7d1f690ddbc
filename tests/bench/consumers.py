"""bench consumers: the consumers' own cost per offered event, whatever the machine's load.

The pipeline figure is a rate, and on a shared machine a rate moves with the load. This one runs
the same three offered events per meeting (`meeting.scheduled`, `meeting.held`,
`minutes.approved`) through `process_batch` in this process, on a fresh small database, and
counts what does not depend on the load: CPU seconds of this process per offered event and SQL
statements per meeting (the downstream `task.created` and `survey.opened` included).

    python -m tests.bench.consumers --meetings 50            # the figure
    python -m tests.bench.consumers --meetings 50 --profile  # and the pyinstrument tree
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.events.consumers import process_batch
from services.events.models import DomainEvent
from services.events.outbox import unit_of_work
from services.registry import REACTIONS
from tests.bench.common import Figure, bench_database
from tests.bench.pipeline import PHASES, _phase, _seed
from tests.support.queries import counted

BATCH = 200  # ids per relay message, as `services.events.outbox.sweep` sends them


def _offer(factory: sessionmaker[Session], meetings: int) -> None:
    """Commit every offered event with publishing off: they wait in the outbox."""
    seeded = _seed(factory, meetings)
    for phase in range(PHASES):
        for meeting in seeded:
            with unit_of_work(factory) as session:
                _phase(session, meeting, phase)


def _unconsumed(factory: sessionmaker[Session]) -> list[uuid.UUID]:
    with factory() as session:
        query = (
            select(DomainEvent.id)
            .where(DomainEvent.consumed_at.is_(None))
            .order_by(DomainEvent.position)
            .limit(BATCH)
        )
        return list(session.scalars(query))


def _consume_everything(factory: sessionmaker[Session]) -> int:
    """Batches of up to 200 ids until no event is left, the downstream ones included."""
    batches = 0
    while ids := _unconsumed(factory):
        process_batch(factory, ids, reactions=REACTIONS)
        batches += 1
    return batches


def run_consumers(*, meetings: int, profile: bool = False) -> Figure:
    """Offer `meetings` × 3 events, then time and count their consumption."""
    with bench_database() as db:
        _offer(db.factory, meetings)
        gc.collect()
        gc.freeze()  # as each worker process does at start (workers/celery_app.py)
        profiler = _start_profiler() if profile else None
        with counted(db.engine) as statements:
            cpu, wall = time.process_time(), time.perf_counter()
            batches = _consume_everything(db.factory)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        with db.factory() as session:
            events = len(list(session.scalars(select(DomainEvent.id))))
    offered = meetings * PHASES
    return Figure(
        "consumers",
        {
            "meetings": meetings,
            "events": events,
            "cpu_ms_per_offered_event": round(cpu * 1000 / offered, 2),
            "statements_per_meeting": round(len(statements) / meetings, 1),
            "wall_s": round(wall, 2),
        },
        {"batches": batches, "cpu_s": round(cpu, 3), "statements": len(statements)},
    )


def _start_profiler() -> Any:
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    return profiler


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.consumers", description=__doc__)
    parser.add_argument("--meetings", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="print the pyinstrument tree")
    args = parser.parse_args()
    print(run_consumers(meetings=args.meetings, profile=args.profile).line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: every figure as one `bench <name>: key=value …` line, and bench-results.json.

    python -m tests.bench.run             # the full run: 1,000,000 tasks (under 10 minutes)
    python -m tests.bench.run --quick     # the smoke run `tests/bench` uses (seconds)
    python -m tests.bench.run --tasks N   # another scale
    python -m tests.bench.run --only pipeline,reminder_scan --tasks 50000  # some figures only

Speed figures are rates or ratios measured in the same run, or counts (queries, rows).
A fresh PostgreSQL database is created (tests/support/database.py) and dropped at the end.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from services.demo.generate import Plan, generate
from tests.bench.common import PROJECT_ROOT, Figure, bench_database, write_results
from tests.bench.consumers import run_consumers
from tests.bench.dashboard import run_dashboard
from tests.bench.delivery import run_delivery_bench
from tests.bench.invites import run_invites
from tests.bench.minutes import run_minutes
from tests.bench.pipeline import FULL, QUICK, run_pipeline
from tests.bench.reminder_scan import run_reminder_scan

TASKS_PER_NETWORK_YEAR = 48  # 4–6 network meetings, ~10 tasks each (measured on the generator)
ORDER = (
    "pipeline",
    "consumers",
    "reminder_scan",
    "dashboard",
    "invites",
    "delivery",
    "minutes",
    "worker_rss_mb",
)


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def plan_for(tasks: int) -> Plan:
    """About 1,000 tasks per network (20 members, ~5 meetings a year, ~20 years)."""
    networks = max(2, round(tasks / 1000))
    years = max(1, math.ceil(tasks / (networks * TASKS_PER_NETWORK_YEAR)))
    return Plan(networks=networks, years=years, chunk_networks=10 if tasks < 50_000 else 20)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny smoke run (seconds)")
    parser.add_argument("--tasks", type=int, default=None, help="tasks to generate")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "bench-results.json")
    parser.add_argument(
        "--only", default="", help=f"comma-separated figures to run, of {', '.join(ORDER)}"
    )
    args = parser.parse_args(argv)
    only = set(filter(None, args.only.split(","))) or set(ORDER)
    if only - set(ORDER):
        parser.error(f"unknown figure: {', '.join(sorted(only - set(ORDER)))}")
    quick = bool(args.quick)
    tasks = args.tasks or (1500 if quick else 1_000_000)
    seconds = 0.3 if quick else 3.0
    figures: list[Figure] = []
    started = time.perf_counter()

    def emit(figure: Figure) -> None:
        print(figure.line(), flush=True)
        figures.append(figure)

    if "consumers" in only:
        emit(run_consumers(meetings=5 if quick else 100))
    if "invites" in only:
        emit(run_invites(seconds=seconds))
    if "minutes" in only:
        emit(run_minutes(seconds=seconds))
    if "delivery" in only:
        emit(run_delivery_bench(quick=quick))
    with bench_database() as db:
        plan = plan_for(tasks)
        log(f"generating {plan.networks} networks x {plan.years} years (~{tasks} tasks)")
        generated = generate(db.engine, plan, workers=1 if quick else 2, progress=log)
        log(f"generated {sum(generated.counts.values())} rows in {generated.seconds:.0f} s")
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        if "reminder_scan" in only:
            emit(run_reminder_scan(db.engine, db.factory, due=100 if quick else 10_000))
        if "dashboard" in only:
            emit(run_dashboard(db.url, db.factory, rounds=3 if quick else 25))
        if only & {"pipeline", "worker_rss_mb"}:
            with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
                scale = QUICK if quick else FULL
                pipeline, memory = run_pipeline(db.url, db.factory, Path(tmp), scale)
            emit(pipeline)
            emit(memory)
    figures.sort(key=lambda f: ORDER.index(f.name))
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "generated_rows": generated.counts,
        "generate_seconds": round(generated.seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    write_results(args.output, figures, meta)
    log(f"wrote {args.output.name} after {meta['total_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

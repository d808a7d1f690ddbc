"""bench reminder_scan: the beat's due-timer scan over the generated tables.

`due` unfired timers are made due; the scan is the beat's own `claim_due_timers` loop (batches
of 500, one UPDATE over a FOR UPDATE SKIP LOCKED subquery each, rolled back afterwards).
rows_examined comes from EXPLAIN ANALYZE of the same claim subquery covering every due row:
with the partial index on timer(due_at) WHERE fired_at IS NULL it is about `due`, not the table.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, sessionmaker

from infra.clock import utcnow
from services.events.models import Timer
from services.events.timers import claim_due_timers
from tests.bench.common import Figure

SCAN_INDEX = "ix_timer_due"


def claim_query(now: datetime, limit: int) -> Any:
    """The subquery `claim_due_timers` locks by (kept identical; EXPLAIN needs the statement)."""
    return (
        select(Timer)
        .where(Timer.fired_at.is_(None), Timer.due_at <= now)
        .order_by(Timer.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def make_due(engine: Engine, due: int, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE timer SET due_at = :now - random() * interval '1 hour' WHERE id IN "
                "(SELECT id FROM timer WHERE fired_at IS NULL AND due_at > :now "
                "ORDER BY subject_id LIMIT :due)"
            ),
            {"now": now, "due": due},
        )
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE timer"))


def explain(session: Session, statement: Any) -> dict[str, Any]:
    compiled = statement.compile(dialect=postgresql.dialect())  # type: ignore[no-untyped-call]
    sql = f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {compiled}"
    plan: Any = session.connection().exec_driver_sql(sql, dict(compiled.params)).scalar_one()
    result: dict[str, Any] = plan[0]
    return result


def plan_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [node]
    for child in node.get("Plans", []):
        nodes += plan_nodes(child)
    return nodes


def rows_examined(plan: dict[str, Any]) -> int:
    """Rows the scan nodes read: returned plus removed by filters, times loops.

    A bitmap index scan's rows are counted once, by the heap scan above it.
    """
    total = 0
    for node in plan_nodes(plan["Plan"]):
        if "Scan" in node["Node Type"] and node["Node Type"] != "Bitmap Index Scan":
            per_loop = (
                node.get("Actual Rows", 0)
                + node.get("Rows Removed by Filter", 0)
                + node.get("Rows Removed by Index Recheck", 0)
            )
            total += int(per_loop * node.get("Actual Loops", 1))
    return total


def uses_index(plan: dict[str, Any], index: str = SCAN_INDEX) -> bool:
    return any(node.get("Index Name") == index for node in plan_nodes(plan["Plan"]))


def run_reminder_scan(engine: Engine, factory: sessionmaker[Session], *, due: int) -> Figure:
    now = utcnow()
    make_due(engine, due, now)
    with factory() as session:
        tasks = int(session.scalar(text("SELECT count(*) FROM task")) or 0)
        table = int(session.scalar(select(func.count()).select_from(Timer)) or 0)
        actual_due = int(
            session.scalar(
                select(func.count()).where(Timer.fired_at.is_(None), Timer.due_at <= now)
            )
            or 0
        )
    with factory() as session:  # the beat's loop, rolled back so the data stays as generated
        started = time.perf_counter()
        claimed = 0
        while True:
            batch = claim_due_timers(session, now=now, limit=500)
            claimed += len(batch)
            if len(batch) < 500:
                break
        scan_ms = (time.perf_counter() - started) * 1000
        session.rollback()
    with factory() as session:
        plan = explain(session, claim_query(now, max(actual_due, 1)))
        session.rollback()
    return Figure(
        "reminder_scan",
        {
            "tasks": tasks,
            "due": actual_due,
            "ms": round(scan_ms, 1),
            "rows_examined": rows_examined(plan),
        },
        {
            "timer_rows": table,
            "claimed": claimed,
            "index": SCAN_INDEX if uses_index(plan) else "none",
            "explain_ms": plan.get("Execution Time"),
            "plan": plan["Plan"],
        },
    )

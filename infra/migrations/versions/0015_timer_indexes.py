"""timer indexes: firing a timer writes index entries only where a query needs them

Revision ID: 0015_timer_indexes
Revises: 0014_quiet_hours
Create Date: 2026-12-03 10:00:00

Firing sets timer.fired_at, which ix_timer_due's predicate names, so the UPDATE is not HOT and
each fired row got a new entry in every index of the table.
- ix_timer_subject_id → ix_timer_pending_subject (subject_id) WHERE fired_at IS NULL AND
  cancelled_at IS NULL: every query by subject (cancel_timers, a deadline's edited dates) asks
  for pending rows, and a fired row no longer enters it. With `fired_at IS NULL` alone the
  planner scanned this whole index (every pending timer) for the due scan at 1 M tasks instead
  of the due range of ix_timer_due.
- ix_timer_network_id dropped: no query reads timers by network; only deleting a network
  (cascade) does, which nothing in the service does and which may scan the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_timer_indexes"
down_revision: str | None = "0014_quiet_hours"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_timer_pending_subject",
        "timer",
        ["subject_id"],
        unique=False,
        postgresql_where=sa.text("fired_at IS NULL AND cancelled_at IS NULL"),
        sqlite_where=sa.text("fired_at IS NULL AND cancelled_at IS NULL"),
    )
    op.drop_index("ix_timer_subject_id", table_name="timer")
    op.drop_index("ix_timer_network_id", table_name="timer")


def downgrade() -> None:
    op.create_index("ix_timer_network_id", "timer", ["network_id"], unique=False)
    op.create_index("ix_timer_subject_id", "timer", ["subject_id"], unique=False)
    op.drop_index("ix_timer_pending_subject", table_name="timer")

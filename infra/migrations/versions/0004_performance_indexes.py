"""performance indexes: pending notifications by subject, failed notifications per network

Revision ID: 0004_performance_indexes
Revises: 0003_delivery
Create Date: 2026-11-25 08:00:00

- ix_notification_pending_subject: `suppress_pending` (task.completed consumer) updated
  pending rows by subject_id with no index: a sequential scan of the notification table per
  completed task.
- ix_notification_failed: the overview's failed-deliveries panel (status = 'failed' per
  network, newest first) read every notification of the network.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_performance_indexes"
down_revision: str | None = "0003_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_notification_pending_subject",
        "notification",
        ["subject_id"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_notification_failed",
        "notification",
        ["network_id", "updated_at"],
        unique=False,
        postgresql_where=sa.text("status = 'failed'"),
        sqlite_where=sa.text("status = 'failed'"),
    )


def downgrade() -> None:
    op.drop_index("ix_notification_failed", table_name="notification")
    op.drop_index("ix_notification_pending_subject", table_name="notification")

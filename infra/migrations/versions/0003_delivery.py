"""delivery: a meeting's Microsoft 365 event id (graph_event)

Revision ID: 0003_delivery
Revises: 0002_series_planning
Create Date: 2026-11-25 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_delivery"
down_revision: str | None = "0002_series_planning"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "graph_event",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("graph_event_id", sa.String(length=300), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_graph_event_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_graph_event_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_graph_event")),
    )
    op.create_index(op.f("ix_graph_event_network_id"), "graph_event", ["network_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_graph_event_network_id"), table_name="graph_event")
    op.drop_table("graph_event")

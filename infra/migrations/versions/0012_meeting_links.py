"""meeting links: the Teams join link Graph made for a meeting

Revision ID: 0012_meeting_links
Revises: 0011_network_settings
Create Date: 2026-12-03 07:30:00

- graph_event.join_url: onlineMeeting.joinUrl of a digital meeting created as a Teams meeting
  in a Microsoft 365 network; shown on the meeting page and in the mails that follow.
- meeting_series.default_online_url: the video link of a series' meetings that have none of
  their own (entered once per series in an SMTP network; a meeting's own link overrides it).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_meeting_links"
down_revision: str | None = "0011_network_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("graph_event", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("join_url", sa.String(length=1000), nullable=True))
    with op.batch_alter_table("meeting_series", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("default_online_url", sa.String(length=1000), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_series", recreate="never") as batch_op:
        batch_op.drop_column("default_online_url")
    with op.batch_alter_table("graph_event", recreate="never") as batch_op:
        batch_op.drop_column("join_url")

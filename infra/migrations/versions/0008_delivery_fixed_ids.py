"""delivery with fixed ids: a resent mail is the identical mail; senders claim rows in turns

Revision ID: 0008_delivery_fixed_ids
Revises: 0007_domains_own_mail
Create Date: 2026-12-02 15:30:00

- notification.message_id, dtstamp, ical_uid, ical_sequence: fixed when the notification is
  rendered the first time, so a retry after a crash sends the same Message-ID (and for invites
  and cancellations the same UID, SEQUENCE and DTSTAMP, RFC 5546 §2.1.5).
- notification.doubtful_since: set when a row was found `sending` past the lease (its sender
  died mid-send); it is sent again (SMTP) or looked up first (Microsoft 365), never dropped.
- notification.claimed_by, claimed_until: a scan's short claim on pending rows, so parallel
  senders take different rows without holding a lock during the network call.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_delivery_fixed_ids"
down_revision: str | None = "0007_domains_own_mail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("message_id", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("dtstamp", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("ical_uid", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("ical_sequence", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("doubtful_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        for column in (
            "claimed_until",
            "claimed_by",
            "doubtful_since",
            "ical_sequence",
            "ical_uid",
            "dtstamp",
            "message_id",
        ):
            batch.drop_column(column)

"""inbound mail: the organiser mailbox's replies and bounces

Revision ID: 0009_inbound_mail
Revises: 0008_delivery_fixed_ids
Create Date: 2026-12-02 16:00:00

- inbound_message: each message read from the organiser mailbox (iTIP REPLY, COUNTER, bounce,
  auto-reply, not understood), keyed by a digest so reading it again changes nothing; a COUNTER's
  proposed time and comment for the coordinator; raw bounces are kept for audit until purge_after.
- member.bounce_score, bounced_on, bounce_reason, failing_since: the bounce score that marks an
  address failing (existing addresses start at 0).
- rsvp.reply_sequence, reply_stamp: SEQUENCE and DTSTAMP of the REPLY an answer came from.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_inbound_mail"
down_revision: str | None = "0008_delivery_fixed_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("reply", "counter", "bounce", "auto_reply", "unknown")
OUTCOMES = ("applied", "ignored", "for_person")


def upgrade() -> None:
    op.create_table(
        "inbound_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="inboundkind", native_enum=False, create_constraint=True,
                    length=32),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(*OUTCOMES, name="inboundoutcome", native_enum=False, create_constraint=True,
                    length=32),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("proposed_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("proposed_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("purge_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["network_id"], ["network.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest"),
    )
    op.create_index(
        "ix_inbound_message_network_outcome", "inbound_message", ["network_id", "outcome"]
    )
    with op.batch_alter_table("member") as batch_op:
        batch_op.add_column(
            sa.Column("bounce_score", sa.Float(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("bounced_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("bounce_reason", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("rsvp") as batch_op:
        batch_op.add_column(sa.Column("reply_sequence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reply_stamp", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rsvp") as batch_op:
        batch_op.drop_column("reply_stamp")
        batch_op.drop_column("reply_sequence")
    with op.batch_alter_table("member") as batch_op:
        for column in ("failing_since", "bounce_reason", "bounced_on", "bounce_score"):
            batch_op.drop_column(column)
    op.drop_index("ix_inbound_message_network_outcome", table_name="inbound_message")
    op.drop_table("inbound_message")

"""task sources: the report sentences each task was taken from

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:44:18.622640
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_source",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("sentence_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["sentence_id"], ["sentence.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("task_id", "sentence_id"),
    )
    with op.batch_alter_table("task_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_source_sentence_id"), ["sentence_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_source_sentence_id"))
    op.drop_table("task_source")

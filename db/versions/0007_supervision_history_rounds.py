"""supervision: history of task changes, reporting rounds, due dates read from the deadline text

Each review used to hold one status and one progress text, overwritten by the next report.
Every change is now kept in ``task_history`` (field, old → new, source, file, round, user,
reason); ``reporting_round`` and ``round_return`` record the rounds the office opens and the
sheets each unit returned in them. ``task.due_on`` holds the due date the notice's 完成时限 text
means (``gzviewer.parse.deadlines``) and ``due_from`` what it was read from; existing tasks are
filled here. Everything runs in the migration's one transaction.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gzviewer.parse.deadlines import due_iso

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _fill_due_dates() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(  # tasks without a deadline keep NULL in both columns
        "SELECT task.id, task.deadline, document.year FROM task JOIN document ON document.id = task.document_id "
        "WHERE task.deadline IS NOT NULL"
    )).all()
    update = sa.text("UPDATE task SET due_on = :due_on, due_from = :due_from WHERE id = :id")
    values = [{"id": task_id, "due_on": due_iso(deadline, year), "due_from": f"{year or ''}|{deadline or ''}"}
              for task_id, deadline, year in rows]
    if values:
        connection.execute(update, values)


def upgrade() -> None:
    # ADD COLUMN in place (SQLite too): rebuilding ``task`` would touch every table referring to it.
    op.add_column("task", sa.Column("due_on", sa.String(length=10), nullable=True))
    op.add_column("task", sa.Column("due_from", sa.Text(), nullable=True))
    _fill_due_dates()
    op.create_table(
        "reporting_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "round_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("task_ids", sa.Text(), nullable=False),
        sa.Column("tasks_changed", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["reporting_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_round_return_round_id", "round_return", ["round_id"], unique=False)
    op.create_table(
        "task_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("user", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["reporting_round.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_task_history_task_at", "task_history", ["task_id", "id"], unique=False)
    op.create_index("ix_task_history_round_id", "task_history", ["round_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_task_history_round_id", table_name="task_history")
    op.drop_index("ix_task_history_task_at", table_name="task_history")
    op.drop_table("task_history")
    op.drop_index("ix_round_return_round_id", table_name="round_return")
    op.drop_table("round_return")
    op.drop_table("reporting_round")
    op.drop_column("task", "due_from")  # in place (SQLite ≥ 3.35)
    op.drop_column("task", "due_on")

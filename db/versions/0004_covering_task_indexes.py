"""covering indexes for the task table's unit filter and default order

With 100,000 tasks the unit filter read every task row: the ids of one unit's tasks now come
from an index alone (unit_id, role, task_id), and the tasks in document order from
(document_id, position) without touching the wide task rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 03:00:00
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_task_unit_unit_role", table_name="task_unit")
    op.create_index("ix_task_unit_unit_role_task", "task_unit", ["unit_id", "role", "task_id"])
    op.create_index("ix_task_document_position", "task", ["document_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_task_document_position", table_name="task")
    op.drop_index("ix_task_unit_unit_role_task", table_name="task_unit")
    op.create_index("ix_task_unit_unit_role", "task_unit", ["unit_id", "role"])

"""task identity and document versions: tasks matched by content, corrections, replaced versions kept

A re-import used to match tasks by number, so one task inserted at no. 1 moved every review to
another task. Tasks now keep their row (and id) across revisions, matched by content; a task
that left the notice keeps its old number (``in_notice`` false), and the parts of a split task
share theirs, so ``(document_id, no)`` is no longer unique. The task order index also covers
``deleted``, so the unfiltered task list still reads no task row. Corrections by hand are kept on the
task (``corrected``, ``overrides``, ``parsed``; ``deleted`` hides a task deleted by hand,
``origin`` tells a task added by hand). Every version a later file replaced is kept in
``document_version`` and can be restored.

SQLite cannot drop a table's inline UNIQUE constraint in place, and rebuilding ``task`` the usual
way (copy, DROP TABLE, rename) would cascade the drop to every review under ``PRAGMA
foreign_keys=ON``. So the tables referring to ``task`` (review, task_unit, task_source) are
rebuilt beside it, referring to the new table, before the old one is dropped: nothing refers to
it then, and the final renames carry the references over. Everything runs in the migration's one
transaction.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_COLUMNS = ("id", "document_id", "position", "no", "section", "category", "text", "leader", "deadline",
               "remark", "start", "lead_names", "coop_names")


def _new_columns() -> list[sa.Column]:
    return [
        sa.Column("in_notice", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("corrected", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("origin", sa.String(length=10), server_default="parsed", nullable=False),
        sa.Column("parsed", sa.Text(), nullable=True),
        sa.Column("overrides", sa.Text(), nullable=True),
    ]


def _task_table(name: str, new_columns: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("leader", sa.String(length=100), nullable=True),
        sa.Column("deadline", sa.String(length=100), nullable=True),
        sa.Column("remark", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("lead_names", sa.Text(), nullable=False),
        sa.Column("coop_names", sa.Text(), nullable=False),
        *(_new_columns() if new_columns else ()),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        *(() if new_columns else (sa.UniqueConstraint("document_id", "no", name="uq_task_document_no"),)),
    )


def _child_tables(task_table: str) -> dict[str, tuple[str, ...]]:
    """Create the tables referring to ``task`` (as ``<name>__new``, referring to ``task_table``)."""
    op.create_table(
        "review__new",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("due_date", sa.String(length=20), nullable=True),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], [f"{task_table}.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_id"),
    )
    op.create_table(
        "task_unit__new",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], [f"{task_table}.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("task_id", "unit_id", "role"),
    )
    op.create_table(
        "task_source__new",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("sentence_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["sentence_id"], ["sentence.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], [f"{task_table}.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("task_id", "sentence_id"),
    )
    return {"review": ("id", "task_id", "status", "progress", "note", "due_date", "updated_at", "revision"),
            "task_unit": ("task_id", "unit_id", "role", "order"),
            "task_source": ("task_id", "sentence_id", "score")}


def _copy(source: str, target: str, columns) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    op.execute(f"INSERT INTO {target} ({names}) SELECT {names} FROM {source}")


def _rebuild_sqlite_task_table(new_columns: bool) -> None:
    """Rebuild ``task`` with (upgrade) or without (downgrade) the new columns and the unique number.

    The tables referring to it are rebuilt too, referring to the new table: so the old ``task``
    is dropped when nothing refers to it any more, and the drop cascades to nothing.
    """
    _task_table("task__new", new_columns)
    _copy("task", "task__new", OLD_COLUMNS)
    children = _child_tables("task__new")
    for child, columns in children.items():
        _copy(child, f"{child}__new", columns)
    for child in children:
        op.execute(f"DROP TABLE {child}")
    op.execute("DROP TABLE task")
    position_extra = ["deleted"] if new_columns else []
    # Renaming updates the references of the new child tables from task__new to task.
    op.execute("ALTER TABLE task__new RENAME TO task")
    for child in children:
        op.execute(f"ALTER TABLE {child}__new RENAME TO {child}")
    op.create_index("ix_task_document_id", "task", ["document_id"], unique=False)
    op.create_index("ix_task_leader", "task", ["leader"], unique=False)
    op.create_index("ix_task_document_position", "task", ["document_id", "position", *position_extra],
                    unique=False)
    op.create_index("ix_task_unit_unit_role_task", "task_unit", ["unit_id", "role", "task_id"], unique=False)
    op.create_index("ix_task_source_sentence_id", "task_source", ["sentence_id"], unique=False)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_task_table(new_columns=True)
    else:
        op.drop_constraint("uq_task_document_no", "task", type_="unique")
        for column in _new_columns():
            op.add_column("task", column)
        op.drop_index("ix_task_document_position", table_name="task")
        op.create_index("ix_task_document_position", "task", ["document_id", "position", "deleted"], unique=False)
    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=True),
        sa.Column("speaker", sa.String(length=100), nullable=True),
        sa.Column("meeting", sa.String(length=300), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("date", sa.String(length=20), nullable=True),
        sa.Column("doc_number", sa.String(length=100), nullable=True),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tasks", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_version_document_id", "document_version", ["document_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_document_version_document_id", table_name="document_version")
    op.drop_table("document_version")
    # Tasks added by hand or left from older versions cannot keep a unique number: they go.
    op.execute("DELETE FROM task WHERE origin <> 'parsed' OR in_notice = false")
    op.execute("DELETE FROM task WHERE id NOT IN (SELECT min(id) FROM task GROUP BY document_id, no)")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_task_table(new_columns=False)
        return
    op.drop_index("ix_task_document_position", table_name="task")
    op.create_index("ix_task_document_position", "task", ["document_id", "position"], unique=False)
    for column in _new_columns():
        op.drop_column("task", column.name)
    op.create_unique_constraint("uq_task_document_no", "task", ["document_id", "no"])

"""Corrections of tasks from the window: each one a step on the window's QUndoStack.

The workflows are ``gzviewer.services.task_edits`` (the CLI calls the same functions); here each
runs in its own session (one unit of work), and the window is told which tasks changed so that
the table, the filter choices and the counts are read again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from gzviewer.errors import GzviewerError
from gzviewer.services.task_edits import (
    ADD_TASK,
    TaskEdit,
    add_task,
    delete_task,
    edit_task,
    merge_tasks,
    split_task,
    undo_edit,
)
from gzviewer.store.database import Database
from gzviewer.ui.undo import TaskEditCommand

EDIT_FAILED = "未能更正：{reason}"
UNDO_FAILED = "未能撤销：{reason}"
EDITED = "已{description}（可按 Ctrl+Z 撤销）"
UNDONE = "已撤销：{description}"
PENDING = "更正任务"  # the undo text until the correction has run


class TaskEditing(QObject):
    """Runs corrections through the undo stack; ``edited`` carries the tasks an edit (or its undo) left."""

    # The tasks an edit (or its undo) left, the first the one to select; and whether to select it
    # (False: a correction saved on leaving a task, the selection stays where the user moved it).
    edited = Signal(object, bool)
    failed = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, database: Database, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._undo_stack = undo_stack
        self._focus = True

    # --- what the panel calls ------------------------------------------------------------------------

    def edit(self, task_id: int, focus: bool = True, **changes) -> bool:
        """Correct ``changes`` (text, leader, lead_units, coop_units, deadline) of one task."""
        return self._push(lambda session: edit_task(session, task_id, **changes), focus=focus)

    def add(self, document_id: int, text: str, after_task_id: int | None = None) -> bool:
        return self._push(lambda session: add_task(session, document_id, text, after_task_id=after_task_id), ADD_TASK)

    def delete(self, task_id: int) -> bool:
        return self._push(lambda session: delete_task(session, task_id))

    def split(self, task_id: int, parts: Sequence[str]) -> bool:
        parts = list(parts)
        return self._push(lambda session: split_task(session, task_id, parts))

    def merge(self, task_ids: Sequence[int]) -> bool:
        ids = list(task_ids)
        return self._push(lambda session: merge_tasks(session, ids))

    def _push(self, operation: Callable, text: str = PENDING, focus: bool = True) -> bool:
        before = self._undo_stack.index()
        self._focus = focus
        try:
            self._undo_stack.push(TaskEditCommand(self, operation, text))
        finally:
            self._focus = True
        return self._undo_stack.index() != before  # a failed correction is not kept on the stack

    # --- what the undo command calls -----------------------------------------------------------------

    def perform(self, operation: Callable) -> TaskEdit | None:
        try:
            with self._database.session() as session:
                edit = operation(session)
        except (GzviewerError, SQLAlchemyError, ValueError) as exc:
            self.failed.emit(EDIT_FAILED.format(reason=exc))
            return None
        self.statusMessage.emit(EDITED.format(description=edit.description))
        self.edited.emit(list(edit.task_ids), self._focus)
        return edit

    def take_back(self, edit: TaskEdit) -> bool:
        try:
            with self._database.session() as session:
                undo_edit(session, edit)
        except (GzviewerError, SQLAlchemyError, ValueError) as exc:
            self.failed.emit(UNDO_FAILED.format(reason=exc))
            self.edited.emit(list(edit.task_ids), True)  # show what is kept
            return False
        self.statusMessage.emit(UNDONE.format(description=edit.description))
        self.edited.emit([s.id for s in edit.before] or list(edit.task_ids), True)
        return True

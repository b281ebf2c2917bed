"""Undoable edits for the window's QUndoStack: review fields (status, progress note, due date)
and corrections of tasks by hand (``services.task_edits``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

REVIEW_EDIT_ID = 1001
FIELD_LABELS = {"status": "状态", "progress": "进展情况", "due_date": "完成时限"}
COMMAND_TEXT = "修改第 {no} 项任务的{field}"


class ReviewTarget(Protocol):
    def apply_review(self, task_id: int, field: str, value, expected_revision: int | None = None) -> int | None:
        """Save the value; the revision after saving, or None when it failed (already reported)."""

    def written_revision(self, task_id: int) -> int | None:
        """The review's revision after this window's last write to it (None: never written)."""


class ReviewEditCommand(QUndoCommand):
    """Set one review field of one task; undo writes the previous value back.

    Each step is saved at once (redo and undo both write to the store). Autosaves from the
    same open editor (same ``edit_session``) merge into one step, so one Ctrl+Z undoes
    everything typed into one cell.

    Undo and redo write only if the review is still at the revision this window's last write
    left it at: if another window, process or returned sheet wrote to it since, the newer value
    is kept, the user is told (``apply_review`` reports it) and the step is dropped from the stack.
    """

    def __init__(self, target: ReviewTarget, task_id: int, task_no: int, field: str, old, new,
                 edit_session: object | None = None, base_revision: int | None = None) -> None:
        super().__init__(COMMAND_TEXT.format(no=task_no, field=FIELD_LABELS.get(field, field)))
        self._target = target
        self.task_id = task_id
        self.field = field
        self.old = old
        self.new = new
        self.edit_session = edit_session
        self.base_revision = base_revision  # the review's revision as shown when the edit began
        self._written = False

    def id(self) -> int:
        return REVIEW_EDIT_ID

    def redo(self) -> None:
        self._write(self.new)

    def undo(self) -> None:
        self._write(self.old)

    def _write(self, value) -> None:
        # The first write expects the revision the user saw: a change saved meanwhile by another
        # window or person is never silently overwritten (they are told and shown it instead).
        expected = self._target.written_revision(self.task_id) if self._written else self.base_revision
        if self._target.apply_review(self.task_id, self.field, value, expected) is None:
            self.setObsolete(True)
        self._written = True

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ReviewEditCommand) or self.edit_session is None:
            return False
        if (other.task_id, other.field, other.edit_session) != (self.task_id, self.field, self.edit_session):
            return False
        self.new = other.new
        return True


class TaskEditTarget(Protocol):
    def perform(self, operation: Callable[[Any], Any]) -> Any | None:
        """Run ``operation(session)`` (a ``services.task_edits`` call) in one unit of work; its
        ``TaskEdit``, or None when it failed (already reported)."""

    def take_back(self, edit: Any) -> bool:
        """Undo ``edit`` (``undo_edit``); False when refused or failed (already reported)."""


class TaskEditCommand(QUndoCommand):
    """One correction of tasks (edit, add, delete, split, merge). Redo runs the correction again;
    undo takes it back with ``undo_edit``, which refuses when a task changed since: then the user
    is told and the step is dropped from the stack, as for review edits."""

    def __init__(self, target: TaskEditTarget, operation: Callable[[Any], Any], text: str) -> None:
        super().__init__(text)
        self._target = target
        self._operation = operation
        self.edit = None  # the TaskEdit of the last redo

    def redo(self) -> None:
        self.edit = self._target.perform(self._operation)
        if self.edit is None:
            self.setObsolete(True)
        else:
            self.setText(self.edit.description)

    def undo(self) -> None:
        if self.edit is None or not self._target.take_back(self.edit):
            self.setObsolete(True)

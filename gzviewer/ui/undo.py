"""Undoable review edits (status, progress note, due date) for the tasks table's QUndoStack."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

REVIEW_EDIT_ID = 1001
FIELD_LABELS = {"status": "状态", "progress": "进展情况", "due_date": "完成时限"}
COMMAND_TEXT = "修改第 {no} 项任务的{field}"


class ReviewTarget(Protocol):
    def apply_review(self, task_id: int, field: str, value) -> bool: ...


class ReviewEditCommand(QUndoCommand):
    """Set one review field of one task; undo writes the previous value back.

    Each step is saved at once (redo and undo both write to the store). Autosaves from the
    same open editor (same ``edit_session``) merge into one step, so one Ctrl+Z undoes
    everything typed into one cell.
    """

    def __init__(self, target: ReviewTarget, task_id: int, task_no: int, field: str, old, new,
                 edit_session: object | None = None) -> None:
        super().__init__(COMMAND_TEXT.format(no=task_no, field=FIELD_LABELS.get(field, field)))
        self._target = target
        self.task_id = task_id
        self.field = field
        self.old = old
        self.new = new
        self.edit_session = edit_session

    def id(self) -> int:
        return REVIEW_EDIT_ID

    def redo(self) -> None:
        self._target.apply_review(self.task_id, self.field, self.new)

    def undo(self) -> None:
        self._target.apply_review(self.task_id, self.field, self.old)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ReviewEditCommand) or self.edit_session is None:
            return False
        if (other.task_id, other.field, other.edit_session) != (self.task_id, self.field, self.edit_session):
            return False
        self.new = other.new
        return True

"""Ctrl+Z never silently reverts a newer value that another window or process wrote."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from sqlalchemy import select

from gzviewer.store.models import Review
from gzviewer.store.queries import TaskFilter, save_review
from gzviewer.ui.models.roles import ID_ROLE
from gzviewer.ui.models.tasks import COL_PROGRESS, COL_STATUS, TaskTableModel
from tests.reliability.store_fixtures import seed_tasks


def _stored(database, task_id: int) -> tuple[str, str]:
    with database.session() as session:
        review = session.scalar(select(Review).where(Review.task_id == task_id))
        return (review.status, review.progress) if review else ("未开始", "")


def _model(database) -> tuple[TaskTableModel, QUndoStack, list[str]]:
    stack = QUndoStack()
    model = TaskTableModel(database, stack)
    model.set_filter(TaskFilter())
    messages: list[str] = []
    model.saveFailed.connect(messages.append)
    return model, stack, messages


def test_undo_over_a_value_written_elsewhere_is_refused_with_a_message(qapp, database):
    seed_tasks(database, 3)
    model, stack, messages = _model(database)
    index = model.index(0, COL_PROGRESS)
    task_id = index.data(ID_ROLE)
    assert model.setData(index, "本窗口写入的进展")
    with database.session() as session:  # another window or process
        save_review(session, task_id, progress="另一个窗口写入的较新进展")
    stack.undo()
    assert _stored(database, task_id)[1] == "另一个窗口写入的较新进展"
    assert len(messages) == 1 and "别处被修改" in messages[0] and "\n" not in messages[0]
    assert stack.count() == 0  # the refused step is dropped: redo cannot overwrite either
    assert model.index(0, COL_PROGRESS).data() == "另一个窗口写入的较新进展"  # the newer value is shown


def test_undo_and_redo_of_this_windows_own_steps_still_work(qapp, database):
    seed_tasks(database, 2)
    model, stack, messages = _model(database)
    task_id = model.index(0, COL_STATUS).data(ID_ROLE)
    model.setData(model.index(0, COL_STATUS), "推进中")
    model.setData(model.index(0, COL_STATUS), "已完成")
    model.setData(model.index(0, COL_PROGRESS), "已验收")
    stack.undo()
    stack.undo()
    assert _stored(database, task_id) == ("推进中", "")
    stack.redo()
    assert _stored(database, task_id) == ("已完成", "")
    stack.undo()
    stack.undo()
    assert _stored(database, task_id) == ("未开始", "")
    assert messages == []


def test_redo_over_a_value_written_elsewhere_is_refused(qapp, database):
    seed_tasks(database, 2)
    model, stack, messages = _model(database)
    task_id = model.index(0, COL_STATUS).data(ID_ROLE)
    model.setData(model.index(0, COL_STATUS), "滞后")
    stack.undo()
    with database.session() as session:
        save_review(session, task_id, status="需协调")
    stack.redo()
    assert _stored(database, task_id)[0] == "需协调" and len(messages) == 1

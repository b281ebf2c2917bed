"""Two windows (or a window and another person) saving the same task: the second never silently
overwrites the first; it is told, shown the newer value, and may enter its own again."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from sqlalchemy import select

from gzviewer.store.models import Review
from gzviewer.store.queries import TaskFilter, save_review
from gzviewer.ui.models.roles import ID_ROLE
from gzviewer.ui.models.tasks import COL_PROGRESS, TaskTableModel
from tests.reliability.store_fixtures import seed_tasks


def _progress(database, task_id: int) -> str:
    with database.session() as session:
        return session.scalar(select(Review.progress).where(Review.task_id == task_id)) or ""


def test_a_save_over_a_change_made_since_the_row_was_shown_is_refused(qapp, database):
    seed_tasks(database, 2)
    stack = QUndoStack()
    model = TaskTableModel(database, stack)
    model.set_filter(TaskFilter())
    messages: list[str] = []
    model.saveFailed.connect(messages.append)
    task_id = model.index(0, COL_PROGRESS).data(ID_ROLE)
    assert model.index(0, COL_PROGRESS).data() == ""  # the row as the window shows it
    with database.session() as session:  # another person saves while this window shows the old row
        save_review(session, task_id, progress="同事刚保存的进展")
    model.setData(model.index(0, COL_PROGRESS), "本窗口的进展")
    assert _progress(database, task_id) == "同事刚保存的进展"
    assert len(messages) == 1 and "别处被修改" in messages[0]
    assert model.index(0, COL_PROGRESS).data() == "同事刚保存的进展"  # the newer value is shown
    assert stack.count() == 0
    assert model.setData(model.index(0, COL_PROGRESS), "本窗口的进展")  # the user decides: saved now
    assert _progress(database, task_id) == "本窗口的进展" and len(messages) == 1

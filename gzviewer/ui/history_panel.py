"""The history of the selected task: every change of its review, units and deadline, newest first.

Beside the task (a dock or a tab under the task table): ``show_task(task_id)`` when the selection
changes, ``refresh()`` after a save (``TaskTableModel.reviewSaved``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from gzviewer.store.database import Database
from gzviewer.store.history import task_history
from gzviewer.store.queries import fetch_tasks_by_ids
from gzviewer.ui.models.supervision import H_NEW, H_OLD, H_REASON, H_SOURCE, TaskHistoryModel
from gzviewer.ui.table_setup import configure_table

NO_TASK = "选中一项任务，查看其修改记录"
TITLE = "第 {no} 项任务的修改记录（{count} 条）"
NO_ENTRIES = "第 {no} 项任务还没有修改记录"
TEXT_WIDTH = 190
SOURCE_WIDTH = 300


class TaskHistoryPanel(QWidget):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskHistoryPanel")
        self._database = database
        self.task_id: int | None = None
        self.title = QLabel(NO_TASK, self)
        self.title.setObjectName("taskHistoryTitle")
        self.model = TaskHistoryModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("taskHistoryView")
        self.view.setAccessibleName("修改记录")
        self.view.setModel(self.model)
        configure_table(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (H_OLD, H_NEW, H_REASON):
            self.view.setColumnWidth(column, TEXT_WIDTH)
        self.view.setColumnWidth(H_SOURCE, SOURCE_WIDTH)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view)

    def show_task(self, task_id: int | None) -> None:
        self.task_id = task_id
        self.refresh()

    def refresh(self) -> None:
        """Read the task's entries again (a short query: one task's rows, by an index)."""
        if self.task_id is None:
            self.model.set_entries([])
            self.title.setText(NO_TASK)
            return
        with self._database.session() as session:
            tasks = fetch_tasks_by_ids(session, [self.task_id])
            entries = task_history(session, self.task_id)
        no = tasks[0].no if tasks else self.task_id
        self.model.set_entries(entries)
        self.title.setText(TITLE.format(no=no, count=len(entries)) if entries else NO_ENTRIES.format(no=no))
        self.view.resizeColumnToContents(0)

"""The tasks table view: delegates per column, fixed row height, no per-row widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView, QWidget

from gzviewer.ui.delegates import DueDateDelegate, ProgressDelegate, SearchHighlightDelegate, StatusDelegate
from gzviewer.ui.models.tasks import COL_DUE, COL_PROGRESS, COL_STATUS, COL_TEXT, COLUMN_INDEX
from gzviewer.ui.table_setup import configure_table

COLUMN_WIDTHS = {"no": 48, "text": 300, "leader": 70, "lead_units": 130, "coop_units": 150, "status": 70,
                 "progress": 180, "due_date": 96}


class TaskTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tasksView")
        self.setAccessibleName("任务")
        configure_table(self, editable=True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.horizontalHeader().setStretchLastSection(False)
        self.setItemDelegateForColumn(COL_TEXT, SearchHighlightDelegate(self))
        self.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self))
        self.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self))
        self.setItemDelegateForColumn(COL_DUE, DueDateDelegate(self))

    def apply_default_widths(self) -> None:
        for key, width in COLUMN_WIDTHS.items():
            self.setColumnWidth(COLUMN_INDEX[key], width)

    def open_editor(self) -> QWidget | None:
        """The in-place editor being typed into, if any."""
        widget = QApplication.focusWidget()
        while widget is not None and widget.parentWidget() is not self.viewport():
            widget = widget.parentWidget()
        return widget

    def commit_open_editor(self) -> None:
        """Save what is typed in an open editor (before closing the window or changing the filter)."""
        editor = self.open_editor()
        if editor is not None and self.state() == QAbstractItemView.State.EditingState:
            self.commitData(editor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid()
                and index.column() in (COL_DUE, COL_PROGRESS) and self.state() != QAbstractItemView.State.EditingState):
            self.model().setData(index, None, Qt.ItemDataRole.EditRole)  # clear the due date / note
            return
        super().keyPressEvent(event)

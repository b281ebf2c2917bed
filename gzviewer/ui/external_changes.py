"""Refresh the window when another process changed the store (polled every few seconds)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from gzviewer.store.change_watch import ExternalChanges
from gzviewer.store.database import Database

POLL_MS = 3000
REFRESHED = "数据库已被其他窗口或命令行修改，已重新读取"


class ExternalChangeWatcher(QObject):
    changed = Signal()

    def __init__(self, database: Database, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._changes = ExternalChanges(database)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def poll(self) -> None:
        if self._changes.changed():
            self.changed.emit()

    def stop(self) -> None:
        self._timer.stop()
        self._changes.close()

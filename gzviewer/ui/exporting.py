"""Excel export of what the tables show, through ``gzviewer.export``, in the worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gzviewer.store.database import Database
from gzviewer.store.queries import TargetFilter, TaskFilter
from gzviewer.ui.workers import JobRunner

# gzviewer.export (openpyxl) is imported by the export jobs themselves, not at start-up.

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
TASKS_FILE = "重点工作任务"
TARGETS_FILE = "指标"
SAVE_TASKS_TITLE = "导出任务表"
SAVE_PER_UNIT_TITLE = "导出任务表（按牵头单位分工作表）"
SPLIT_TITLE = "选择保存各牵头单位文件的文件夹"
SAVE_TARGETS_TITLE = "导出指标表"
EXPORTING = "正在导出…"
EXPORTED = "已导出 {count} 条记录到 {path}"
EXPORTED_SPLIT = "已为 {files} 个牵头单位各导出一个文件（共 {count} 条记录）到 {path}"
FAILED_TITLE = "导出失败"
EXPORT_SUFFIX = ".xlsx"


def _documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def _with_suffix(path: str) -> str:
    return path if path.lower().endswith(EXPORT_SUFFIX) else path + EXPORT_SUFFIX


class ExportController(QObject):
    started = Signal(str)
    finished = Signal(str)  # a status-bar message
    failed = Signal(str)

    def __init__(self, database: Database, runner: JobRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._database = database
        self._runner = runner
        self._parent_widget = parent_widget
        self._folder = _documents_folder()
        self.error_box: QMessageBox | None = None

    # --- what the menu actions call (they ask for a file first) ------------------------------------

    def ask_export_tasks(self, task_filter: TaskFilter, per_unit: bool = False) -> None:
        name = f"{task_filter.unit}{TASKS_FILE}" if task_filter.unit else TASKS_FILE
        path, _ = QFileDialog.getSaveFileName(self._parent_widget, SAVE_PER_UNIT_TITLE if per_unit else SAVE_TASKS_TITLE,
                                              str(self._folder / f"{name}{EXPORT_SUFFIX}"), XLSX_FILTER)
        if path:
            self.export_tasks(task_filter, Path(_with_suffix(path)), per_unit)

    def ask_export_split(self, task_filter: TaskFilter) -> None:
        folder = QFileDialog.getExistingDirectory(self._parent_widget, SPLIT_TITLE, str(self._folder))
        if folder:
            self.export_split(task_filter, Path(folder))

    def ask_export_targets(self, target_filter: TargetFilter) -> None:
        path, _ = QFileDialog.getSaveFileName(self._parent_widget, SAVE_TARGETS_TITLE,
                                              str(self._folder / f"{TARGETS_FILE}{EXPORT_SUFFIX}"), XLSX_FILTER)
        if path:
            self.export_targets(target_filter, Path(_with_suffix(path)))

    # --- the work (tests call these directly) --------------------------------------------------------

    def export_tasks(self, task_filter: TaskFilter, path: Path, per_unit: bool = False) -> None:
        self._folder = path.parent
        database = self._database

        def work(_progress):
            from gzviewer.export import export_tasks

            with database.session() as session:
                result = export_tasks(session, task_filter, path, per_unit=per_unit)
            return EXPORTED.format(count=result.count, path=result.path)

        self._start(work)

    def export_split(self, task_filter: TaskFilter, folder: Path) -> None:
        self._folder = folder
        database = self._database

        def work(_progress):
            from gzviewer.export import export_tasks_split

            with database.session() as session:
                results = export_tasks_split(session, task_filter, folder)
            return EXPORTED_SPLIT.format(files=len(results), count=sum(r.count for r in results), path=folder)

        self._start(work)

    def export_targets(self, target_filter: TargetFilter, path: Path) -> None:
        self._folder = path.parent
        database = self._database

        def work(_progress):
            from gzviewer.export import export_targets

            with database.session() as session:
                result = export_targets(session, target_filter, path)
            return EXPORTED.format(count=result.count, path=result.path)

        self._start(work)

    def _start(self, work) -> None:
        self.started.emit(EXPORTING)
        self._runner.start(work, on_finished=self._finished, on_failed=self._failed)

    def _finished(self, message: str) -> None:
        self.finished.emit(message)

    def _failed(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, FAILED_TITLE, message, QMessageBox.StandardButton.Ok,
                          self._parent_widget)
        box.setObjectName("exportError")
        box.open()
        self.error_box = box
        self.failed.emit(message)

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
REPLACE_TITLE = "替换已有文件"
REPLACE_FILE = "“{name}”已存在（可能是单位填写后返回的表格），是否替换？"
REPLACE_IN_FOLDER = ("文件夹中已有 {count} 个 Excel 文件，与牵头单位同名的将被替换（其中可能有单位填写后返回的表格）。"
                     "\n选“是”替换，选“否”则一个也不写入。")
EXPORT_SUFFIX = ".xlsx"


def _documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def _with_suffix(path: str) -> str:
    return path if path.lower().endswith(EXPORT_SUFFIX) else path + EXPORT_SUFFIX


def ask_replace(parent: QWidget, message: str) -> bool:
    """Yes/No before an existing file is replaced (default No)."""
    answer = QMessageBox.question(parent, REPLACE_TITLE, message,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def confirmed_target(parent: QWidget, chosen: str) -> tuple[Path, bool] | None:
    """The path to write for what a save dialog returned, and whether it may replace a file.

    The dialog itself asked about replacing ``chosen``; when the suffix is added here the
    resulting file was never shown, so ask about it now. None: the user said no.
    """
    path = Path(_with_suffix(chosen))
    if str(path) == chosen or not path.exists():
        return path, True
    return (path, True) if ask_replace(parent, REPLACE_FILE.format(name=path.name)) else None


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
        target = confirmed_target(self._parent_widget, path) if path else None
        if target:
            self.export_tasks(task_filter, target[0], per_unit, overwrite=target[1])

    def ask_export_split(self, task_filter: TaskFilter) -> None:
        folder = QFileDialog.getExistingDirectory(self._parent_widget, SPLIT_TITLE, str(self._folder))
        if folder:
            existing = list(Path(folder).glob(f"*{EXPORT_SUFFIX}"))
            overwrite = bool(existing) and ask_replace(self._parent_widget,
                                                       REPLACE_IN_FOLDER.format(count=len(existing)))
            self.export_split(task_filter, Path(folder), overwrite=overwrite)

    def ask_export_targets(self, target_filter: TargetFilter) -> None:
        path, _ = QFileDialog.getSaveFileName(self._parent_widget, SAVE_TARGETS_TITLE,
                                              str(self._folder / f"{TARGETS_FILE}{EXPORT_SUFFIX}"), XLSX_FILTER)
        target = confirmed_target(self._parent_widget, path) if path else None
        if target:
            self.export_targets(target_filter, target[0], overwrite=target[1])

    # --- the work (tests call these directly) --------------------------------------------------------

    def export_tasks(self, task_filter: TaskFilter, path: Path, per_unit: bool = False,
                     overwrite: bool = False) -> None:
        self._folder = path.parent
        database = self._database

        def work(_progress):
            from gzviewer.export import export_tasks

            with database.session() as session:
                result = export_tasks(session, task_filter, path, per_unit=per_unit, overwrite=overwrite)
            return EXPORTED.format(count=result.count, path=result.path)

        self._start(work)

    def export_split(self, task_filter: TaskFilter, folder: Path, overwrite: bool = False) -> None:
        self._folder = folder
        database = self._database

        def work(_progress):
            from gzviewer.export import export_tasks_split

            with database.session() as session:
                results = export_tasks_split(session, task_filter, folder, overwrite=overwrite)
            return EXPORTED_SPLIT.format(files=len(results), count=sum(r.count for r in results), path=folder)

        self._start(work)

    def export_targets(self, target_filter: TargetFilter, path: Path, overwrite: bool = False) -> None:
        self._folder = path.parent
        database = self._database

        def work(_progress):
            from gzviewer.export import export_targets

            with database.session() as session:
                result = export_targets(session, target_filter, path, overwrite=overwrite)
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

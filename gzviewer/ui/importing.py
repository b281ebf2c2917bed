"""Importing files in a worker thread, with progress in the status bar and a report per failed file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from gzviewer.services.revisions import describe_outcome
from gzviewer.store.database import Database
from gzviewer.store.importer import STATUS_NEW, STATUS_UPDATED, FileImportResult, import_files, stop_batch
from gzviewer.ui.workers import UNEXPECTED_ERROR, JobCancelled, JobRunner

FILE_DIALOG_FILTER = "支持的文件 ({patterns});;所有文件 (*)"
PROGRESS = "正在导入 {name}（{done}/{total}）"
PAGE_PROGRESS = "正在识别 {name} 的文字：第 {page}/{pages} 页（文件 {done}/{total}）"
LINKING = "正在查找各项任务在报告中的出处…"
LINKING_FAILED = "导入已完成，但查找任务出处时出错：{error}"
IMPORT_DONE = "导入完成：新增 {new} 个，更新 {updated} 个，未变 {unchanged} 个"
IMPORT_FAILED_PART = "，失败 {failed} 个"
IMPORT_DONE_PREFIX = "导入完成："
IMPORT_STOPPED = "导入已停止（{reason}）："
IMPORT_CANCELLED = "导入已停止"
REPORT_TITLE = "导入结果"
REPORT_FAILED = "有 {failed} 个文件未能导入："
REPORT_NOTES = "另外："
UNREADABLE_FILE = "无法导入文件“{name}”：{reason}"
REVISED = "“{title}”已更新为新版本（审阅记录和更正随任务保留，旧版本已保留）："
NOTHING_TO_IMPORT = "没有可导入的文件（支持的类型：{types}）"


def _supported_extensions() -> tuple[str, ...]:
    """The readers (docx, pdf, html, xlsx libraries), like the linker (rapidfuzz), are imported when
    first needed, not at start-up: together they took about a third of the start-up time."""
    from gzviewer.ingest import SUPPORTED_EXTENSIONS

    return SUPPORTED_EXTENSIONS


def dialog_filter() -> str:
    return FILE_DIALOG_FILTER.format(patterns=" ".join(f"*{suffix}" for suffix in _supported_extensions()))


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders (dropped on the window) give their supported files, recursively."""
    result: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            result.extend(sorted(p for p in path.rglob("*")
                                 if p.is_file() and p.suffix.lower() in _supported_extensions()))
        else:
            result.append(path)
    return result


def import_one_by_one(database: Database, paths: list[Path],
                      progress: Callable[[int, int, str], None]) -> list[FileImportResult]:
    """Import each file on its own, so that one unexpected failure cannot stop the others."""
    from gzviewer.ingest.page_progress import ReadingCancelled, reporting_pages  # not at start-up

    results: list[FileImportResult] = []
    total = len(paths)
    for index, path in enumerate(paths):
        # raises JobCancelled when the user pressed 停止
        progress(index, total, PROGRESS.format(name=path.name, done=index + 1, total=total))

        def page_done(page: int, pages: int, name: str = path.name, done: int = index + 1) -> None:
            # Scans are recognised page by page (seconds each): show the page, stop between pages.
            if page < pages:
                progress(done - 1, total, PAGE_PROGRESS.format(name=name, page=page + 1, pages=pages,
                                                               done=done, total=total))

        try:
            with reporting_pages(page_done):
                batch = import_files(database, [path])
        except ReadingCancelled as exc:
            raise JobCancelled from exc
        except Exception as exc:  # a parser bug on one file is that file's error
            reason = UNEXPECTED_ERROR.format(error=exc)
            results.append(FileImportResult(str(path), error=UNREADABLE_FILE.format(name=path.name, reason=reason)))
            continue
        if batch and batch[-1].stopped:  # the store failed (disk full): say what is in it and what is not
            results += stop_batch(database, results, str(path), [str(p) for p in paths[index + 1:]],
                                  batch[-1].stop_reason)
            break
        results.extend(batch)
    if any(r.outcome for r in results):
        progress(total, total, LINKING)
        link_new_tables(database, results)
    progress(total, total, "")
    return results


def link_new_tables(database: Database, results: list[FileImportResult]) -> None:
    """Link assignment tables to their reports, so a selected task shows its source sentence.

    The documents are already stored: a failure here is reported with the results (as a result
    without a file, so it is not counted as a failed file), never undoes them.
    """
    from gzviewer.store.link_queries import link_unlinked_assignments  # the linker: not at start-up

    try:
        with database.session() as session:
            link_unlinked_assignments(session)
    except Exception as exc:  # linking is an extra: the import itself has succeeded
        results.append(FileImportResult("", error=LINKING_FAILED.format(error=exc)))


def failed_files(results: list[FileImportResult]) -> list[str]:
    """The errors of files that could not be imported."""
    return [r.error for r in results if r.error and r.path]


def after_import_notes(results: list[FileImportResult]) -> list[str]:
    """Errors of the work after the import (finding task sources), which belong to no file."""
    return [r.error for r in results if r.error and not r.path]


def revision_notes(results: list[FileImportResult]) -> list[str]:
    """What each new version of a stored document changed in its tasks (added, removed, renumbered …)."""
    lines: list[str] = []
    for result in results:
        changes = describe_outcome(result.outcome) if result.outcome else []
        if changes:
            lines += [REVISED.format(title=result.outcome.title), *changes]
    return lines


def summary_text(results: list[FileImportResult]) -> str:
    statuses = [r.outcome.status for r in results if r.outcome]
    failed = len(failed_files(results))
    text = IMPORT_DONE.format(new=statuses.count(STATUS_NEW), updated=statuses.count(STATUS_UPDATED),
                              unchanged=len(statuses) - statuses.count(STATUS_NEW) - statuses.count(STATUS_UPDATED))
    stopped = next((r.stop_reason for r in results if r.stopped), "")
    if stopped:
        text = IMPORT_STOPPED.format(reason=stopped) + text.removeprefix(IMPORT_DONE_PREFIX)
    return text + (IMPORT_FAILED_PART.format(failed=failed) if failed else "")


class ImportController(QObject):
    """Runs imports one batch at a time (later batches wait in a queue)."""

    started = Signal()
    progressed = Signal(int, int, str)  # done, total, message
    finished = Signal(object)  # list[FileImportResult]
    cancelled = Signal()

    def __init__(self, database: Database, runner: JobRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._database = database
        self._runner = runner
        self._parent_widget = parent_widget
        self._queue: list[list[Path]] = []
        self._running = False
        self._job = None
        self.report_box: QMessageBox | None = None
        self.last_results: list[FileImportResult] = []

    @property
    def running(self) -> bool:
        return self._running

    def import_paths(self, paths: Iterable[str | Path]) -> bool:
        """Queue ``paths`` for import; False (and a message) when there is nothing to import."""
        files = expand_paths(paths)
        if not files:
            self._show_report(NOTHING_TO_IMPORT.format(types="、".join(_supported_extensions())), [], QMessageBox.Icon.Information)
            return False
        self._queue.append(files)
        if not self._running:
            self._start_next()
        return True

    def cancel(self) -> None:
        self._queue.clear()
        if self._job is not None:
            self._job.cancel()

    def _start_next(self) -> None:
        files = self._queue.pop(0)
        self._running = True
        self.started.emit()
        database = self._database
        self._job = self._runner.start(lambda progress: import_one_by_one(database, files, progress),
                                       on_finished=self._finished, on_failed=self._failed,
                                       on_progress=self._progress, on_cancelled=self._cancelled)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)

    def _finished(self, results: list[FileImportResult]) -> None:
        self._done()
        self.last_results = results
        failures, notes = failed_files(results), after_import_notes(results)
        revisions = revision_notes(results)
        if failures or notes:
            self._show_report(summary_text(results), failures, QMessageBox.Icon.Warning, [*notes, *revisions])
        elif revisions:  # a revised notice: say what moved, never silently
            self._show_report(summary_text(results), [], QMessageBox.Icon.Information, revisions)
        self.finished.emit(results)
        self._continue()

    def _failed(self, message: str) -> None:
        self._done()
        self.last_results = []
        self._show_report(message, [], QMessageBox.Icon.Critical)
        self.finished.emit([])
        self._continue()

    def _cancelled(self) -> None:
        self._done()
        self.cancelled.emit()
        self._continue()

    def _done(self) -> None:
        self._running = False
        self._job = None

    def _continue(self) -> None:
        if self._queue and not self._running:
            self._start_next()

    def _show_report(self, summary: str, failures: list[str], icon: QMessageBox.Icon,
                     notes: Sequence[str] = ()) -> None:
        """A non-blocking message box (``open``), so a running test or import is never stuck on it."""
        if self.report_box is not None:
            self.report_box.close()
        box = QMessageBox(icon, REPORT_TITLE, summary, QMessageBox.StandardButton.Ok, self._parent_widget)
        lines = [REPORT_FAILED.format(failed=len(failures)), *failures] if failures else []
        if notes:
            lines += [REPORT_NOTES, *notes] if failures else list(notes)
        if lines:
            box.setInformativeText("\n".join(lines))
        box.setObjectName("importReport")
        box.open()
        self.report_box = box

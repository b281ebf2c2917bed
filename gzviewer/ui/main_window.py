"""The main window: library and outline | document | targets, tasks, units and links tabs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gzviewer.errors import GzviewerError
from gzviewer.paths import samples_dir
from gzviewer.store.database import Database
from gzviewer.store.queries import DocumentSummary, list_documents, task_location
from gzviewer.store.search import query_words
from gzviewer.ui.about import APP_TITLE, show_about
from gzviewer.ui.actions import app_icon, build_menus_and_toolbar, create_actions
from gzviewer.ui.document_pane import DocumentPane
from gzviewer.ui.draft_pane import DraftPane
from gzviewer.ui.exporting import ExportController
from gzviewer.ui.external_changes import REFRESHED as REFRESHED_ELSEWHERE
from gzviewer.ui.external_changes import ExternalChangeWatcher
from gzviewer.ui.importing import (
    IMPORT_CANCELLED,
    ImportController,
    dialog_filter,
    expand_paths,
    summary_text,
)
from gzviewer.ui.library_panel import LibraryPanel
from gzviewer.ui.links_tab import LinksTab
from gzviewer.ui.round_view import RoundView
from gzviewer.ui.settings import (
    KEY_FONT_SIZE,
    KEY_GEOMETRY,
    KEY_LAST_DOCUMENT,
    KEY_STATE,
    KEY_TAB,
    KEY_TASK_PANE,
    AppSettings,
)
from gzviewer.ui.targets_tab import TargetsTab
from gzviewer.ui.tasks_tab import TasksTab
from gzviewer.ui.units_tab import UnitsTab
from gzviewer.ui.window_fit import fit_to_screen, fits
from gzviewer.ui.workers import JobRunner

TITLE_WITH_DOCUMENT = "{document} — " + APP_TITLE
IMPORT_DIALOG_TITLE = "导入文件"
UNDO_TEXT = "撤销"
REDO_TEXT = "重做"
STOP = "停止"
STOP_TIP = "停止导入（已导入的文件保留）"
DOCUMENT_COUNT = "{count} 个文件"
IMPORTING_SAMPLES = "首次启动：正在导入内置示例文件…"
READY = "就绪"
OUTLINE_TITLE = "目录"
TASK_LINKED = "已定位到该任务在报告中的原文"
TASK_UNLINKED = "该任务尚未与报告原文关联，显示它在分工文件中的位置"
TASK_NOT_FOUND = "找不到该任务的原文位置"
SAVED = "已保存"
TAB_TITLES = ("指标", "任务分工", "单位统计", "关联分析", "督办轮次")
DRAFT_PAGE_TITLE = "起草分工表"
DEFAULT_SPLITTER_SIZES = {"main": [250, 500, 690], "left": [280, 440], "units": [330, 420], "tasks": [300, 290]}
DEFAULT_SIZE = (1440, 900)
STATUS_TIMEOUT_MS = 6000


class MainWindow(QMainWindow):
    importFinished = Signal(object)  # list[FileImportResult] of every finished import batch
    samplesImported = Signal(object)  # the first-start import of the bundled samples finished

    def __init__(self, database: Database, settings: AppSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.database = database
        self.settings = settings or AppSettings()
        self.undo_stack = QUndoStack(self)
        self.runner = JobRunner(self)
        self._importing_samples = False
        self._closing = False  # results of background work that end after closing are dropped
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self._build_widgets()
        self.actions_by_key = create_actions(self, self._undo_actions())
        self.toolbar = build_menus_and_toolbar(self, self.actions_by_key)
        self._build_status_bar()
        self.importer = ImportController(database, self.runner, self)
        self.exporter = ExportController(database, self.runner, self)
        self._connect()
        self.refresh()
        self._restore_state()
        self.external_changes = ExternalChangeWatcher(database, self)
        self.external_changes.changed.connect(self._changed_elsewhere)

    # --- construction ----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.library = LibraryPanel(self)
        self.document_pane = DocumentPane(self.database, self)
        self.targets_tab = TargetsTab(self.database, self)
        self.tasks_tab = TasksTab(self.database, self.undo_stack, self)
        # The settings' due-soon window and user name (recorded in the history); defaults otherwise.
        self.tasks_tab.model.soon_days = self.settings.due_soon_days(self.tasks_tab.model.soon_days)
        self.tasks_tab.model.user_name = self.settings.user_name()
        self.units_tab = UnitsTab(self.database, self)
        self.links_tab = LinksTab(self.database, self.runner, self)
        self.links_tab.add_page(DraftPane(self.database, self.runner, self.links_tab), DRAFT_PAGE_TITLE)
        self.rounds_tab = RoundView(self.database, self, runner=self.runner)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        for tab, title in zip((self.targets_tab, self.tasks_tab, self.units_tab, self.links_tab, self.rounds_tab),
                              TAB_TITLES, strict=True):
            self.tabs.addTab(tab, title)

        outline_box = QWidget(self)
        outline_layout = QVBoxLayout(outline_box)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_layout.addWidget(QLabel(OUTLINE_TITLE, outline_box))
        outline_layout.addWidget(self.document_pane.outline_view, 1)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(self.library)
        self.left_splitter.addWidget(outline_box)
        self.main_splitter = QSplitter(self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(self.document_pane)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setStretchFactor(2, 1)
        self.setCentralWidget(self.main_splitter)

    def _undo_actions(self) -> dict:
        undo = self.undo_stack.createUndoAction(self, UNDO_TEXT)
        undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        redo = self.undo_stack.createRedoAction(self, REDO_TEXT)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        undo.setIconText(UNDO_TEXT)
        redo.setIconText(REDO_TEXT)
        undo.setObjectName("action_undo")
        redo.setObjectName("action_redo")
        style = self.style()
        undo.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        redo.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowForward))
        return {"undo": undo, "redo": redo}

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("importProgress")
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.stop_button = QToolButton(self)
        self.stop_button.setText(STOP)
        self.stop_button.setToolTip(STOP_TIP)
        self.stop_button.hide()
        self.document_count_label = QLabel(self)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.stop_button)
        bar.addPermanentWidget(self.document_count_label)
        bar.showMessage(READY, STATUS_TIMEOUT_MS)

    def _connect(self) -> None:
        a = self.actions_by_key
        a["import"].triggered.connect(self.ask_import)
        a["export_tasks"].triggered.connect(lambda: self.exporter.ask_export_tasks(self.tasks_tab.current_filter()))
        a["export_per_unit"].triggered.connect(
            lambda: self.exporter.ask_export_tasks(self.tasks_tab.current_filter(), per_unit=True))
        a["export_split"].triggered.connect(lambda: self.exporter.ask_export_split(self.tasks_tab.current_filter()))
        a["export_targets"].triggered.connect(
            lambda: self.exporter.ask_export_targets(self.targets_tab.current_filter()))
        a["quit"].triggered.connect(self.close)
        a["find"].triggered.connect(self.document_pane.open_find)
        a["find_next"].triggered.connect(self.document_pane.find_next)
        a["find_previous"].triggered.connect(self.document_pane.find_previous)
        a["search_tasks"].triggered.connect(self._focus_task_search)
        a["zoom_in"].triggered.connect(lambda: self.document_pane.view.zoom(1))
        a["zoom_out"].triggered.connect(lambda: self.document_pane.view.zoom(-1))
        a["zoom_reset"].triggered.connect(lambda: self.document_pane.view.zoom(0))
        for key, tab in (("tab_targets", self.targets_tab), ("tab_tasks", self.tasks_tab),
                         ("tab_units", self.units_tab), ("tab_links", self.links_tab)):
            a[key].triggered.connect(lambda _checked=False, t=tab: self.tabs.setCurrentWidget(t))
        a["refresh"].triggered.connect(self.refresh)
        a["about"].triggered.connect(lambda: show_about(self))

        self.library.documentActivated.connect(self.open_document)
        self.document_pane.documentOpened.connect(self._document_opened)
        self.targets_tab.locationRequested.connect(self.show_location)
        self.tasks_tab.taskSelected.connect(self.show_task)
        self.tasks_tab.statusMessage.connect(self.show_status)
        self.tasks_tab.model.reviewSaved.connect(self._review_saved)
        self.tasks_tab.tasksChanged.connect(self.units_tab.mark_stale)
        self.units_tab.unitActivated.connect(self.show_unit_tasks)
        self.links_tab.locationRequested.connect(self.show_location)
        self.links_tab.statusMessage.connect(self.show_status)

        self.importer.started.connect(self._import_started)
        self.importer.progressed.connect(self._import_progress)
        self.importer.finished.connect(self._import_finished)
        self.importer.cancelled.connect(self._import_cancelled)
        self.stop_button.clicked.connect(self.importer.cancel)
        self.exporter.started.connect(self.show_status)
        self.exporter.finished.connect(self.show_status)
        self.exporter.failed.connect(self.show_status)

    # --- state between runs ------------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self.settings
        geometry = s.bytes_value(KEY_GEOMETRY)
        # First start, or a layout saved on a larger screen: the preferred size cut to this screen.
        if geometry is None or not self.restoreGeometry(geometry) or not fits(self):
            fit_to_screen(self, QSize(*DEFAULT_SIZE))
        state = s.bytes_value(KEY_STATE)
        if state is not None:
            self.restoreState(state)
        for name, splitter in (("main", self.main_splitter), ("left", self.left_splitter),
                               ("units", self.units_tab.splitter), ("tasks", self.tasks_tab.splitter)):
            saved = s.bytes_value(s.splitter_key(name))
            if saved is None or not splitter.restoreState(saved):
                if name in DEFAULT_SPLITTER_SIZES:
                    splitter.setSizes(DEFAULT_SPLITTER_SIZES[name])
        header = s.bytes_value(s.header_key("tasks"))
        if header is not None:
            self.tasks_tab.view.horizontalHeader().restoreState(header)
        self.tasks_tab.restore_filters(s)
        self.tasks_tab.detail_tabs.setCurrentIndex(s.int_value(KEY_TASK_PANE, 0) or 0)  # 任务详情 / 修改记录
        self.document_pane.view.set_point_size(s.int_value(KEY_FONT_SIZE, self.document_pane.view.point_size))
        self.tabs.setCurrentIndex(s.int_value(KEY_TAB, 1) or 0)
        self._open_initial_document(s.int_value(KEY_LAST_DOCUMENT))

    def _open_initial_document(self, last: int | None) -> None:
        documents = self.library.model.documents
        ids = [d.id for d in documents]
        if last in ids:
            self.open_document(last)
        elif ids:
            self.open_document(ids[0])

    def save_state(self) -> None:
        s = self.settings
        s.set_value(KEY_GEOMETRY, self.saveGeometry())
        s.set_value(KEY_STATE, self.saveState())
        for name, splitter in (("main", self.main_splitter), ("left", self.left_splitter),
                               ("units", self.units_tab.splitter), ("tasks", self.tasks_tab.splitter)):
            s.set_value(s.splitter_key(name), splitter.saveState())
        s.set_value(s.header_key("tasks"), self.tasks_tab.view.horizontalHeader().saveState())
        self.tasks_tab.save_filters(s)
        s.set_value(KEY_TASK_PANE, self.tasks_tab.detail_tabs.currentIndex())
        s.set_value(KEY_FONT_SIZE, self.document_pane.view.point_size)
        s.set_value(KEY_TAB, self.tabs.currentIndex())
        s.set_value(KEY_LAST_DOCUMENT, self.document_pane.document_id)
        s.sync()

    def _changed_elsewhere(self) -> None:
        """Another window or the command line wrote to the store: show what it holds now."""
        self.tasks_tab.commit_pending()
        self.refresh()
        self.show_status(REFRESHED_ELSEWHERE)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.external_changes.stop()
        self.tasks_tab.commit_pending()  # what is typed in a cell or the detail panel is saved
        self._closing = True
        self.save_state()
        self.importer.cancel()
        self.runner.cancel_all()
        self.runner.wait()
        super().closeEvent(event)

    # --- documents ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the library and every tab again from the store."""
        with self.database.session() as session:
            documents = list_documents(session)
        self._set_documents(documents)

    def _set_documents(self, documents: list[DocumentSummary]) -> None:
        self.library.set_documents(documents)
        self.rounds_tab.refresh()
        self.targets_tab.set_documents(documents)
        self.tasks_tab.set_documents(documents)
        self.units_tab.set_documents(documents)
        self.links_tab.set_documents(documents)
        self.document_count_label.setText(DOCUMENT_COUNT.format(count=len(documents)))
        if self.document_pane.document_id not in {d.id for d in documents}:
            self.document_pane.clear()

    def open_document(self, document_id: int) -> None:
        if document_id == self.document_pane.document_id:
            return
        try:
            self.document_pane.open_document(document_id)
        except GzviewerError as exc:
            self.show_status(str(exc))

    def _document_opened(self, document_id: int, title: str) -> None:
        self.setWindowTitle(TITLE_WITH_DOCUMENT.format(document=title))
        self.library.select_document(document_id, emit=False)

    def show_location(self, document_id: int, spans: list[tuple[int, int]]) -> None:
        try:
            self.document_pane.show_location(document_id, spans)
        except GzviewerError as exc:
            self.show_status(str(exc))

    def show_task(self, task_id: int) -> None:
        """Show the task's source sentence in the report when linked, else its place in its document."""
        try:
            with self.database.session() as session:
                location = task_location(session, task_id)
        except GzviewerError as exc:
            self.show_status(str(exc))
            return
        self.show_location(location.document_id, [(s.start, s.end) for s in location.spans])
        if not location.spans:
            self.show_status(TASK_NOT_FOUND)
        else:
            self.show_status(TASK_LINKED if location.linked else TASK_UNLINKED)

    def show_unit_tasks(self, unit: str, role: str | None) -> None:
        self.tabs.setCurrentWidget(self.tasks_tab)
        self.tasks_tab.set_unit(unit, role)

    def _focus_task_search(self) -> None:
        self.tabs.setCurrentWidget(self.tasks_tab)
        self.tasks_tab.search_box.setFocus()
        self.tasks_tab.search_box.selectAll()

    def _review_saved(self, _task_id: int) -> None:
        self.units_tab.mark_stale()
        self.show_status(SAVED)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    # --- import --------------------------------------------------------------------------------------

    def ask_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, IMPORT_DIALOG_TITLE, "", dialog_filter())
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths) -> bool:
        return self.importer.import_paths(paths)

    def import_samples_if_empty(self) -> bool:
        """On first start (an empty store) import the bundled samples; ``samplesImported`` tells when done."""
        if self.library.model.documents:
            return False
        samples = expand_paths([samples_dir()]) if samples_dir().is_dir() else []
        if not samples:
            return False
        self._importing_samples = True
        self.show_status(IMPORTING_SAMPLES)
        return self.import_paths(samples)

    def warm_up_search(self) -> None:
        """Load jieba in the background, so the first task search does not pause the window."""
        self.runner.start(lambda _progress: query_words("预热"))

    def _import_started(self) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.stop_button.show()
        self.actions_by_key["import"].setEnabled(False)

    def _import_progress(self, done: int, total: int, message: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if message:
            self.statusBar().showMessage(message)

    def _import_ended(self) -> None:
        if self._closing:
            return
        self.progress_bar.hide()
        self.stop_button.hide()
        self.actions_by_key["import"].setEnabled(True)
        self.refresh()

    def _import_finished(self, results: list) -> None:
        if self._closing:
            return
        self._import_ended()
        if results:
            self.show_status(summary_text(results))
        opened = [r.outcome.document_id for r in results if r.outcome]
        if opened and (self.document_pane.document_id is None or not self._importing_samples):
            self.open_document(opened[0])
            self.library.select_document(opened[0], emit=False)
        self.importFinished.emit(results)
        if self._importing_samples:
            self._importing_samples = False
            self.samplesImported.emit(results)

    def _import_cancelled(self) -> None:
        if self._closing:
            return
        self._import_ended()
        self.show_status(IMPORT_CANCELLED)
        self.importFinished.emit([])

    # --- drag and drop ---------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_paths(paths))

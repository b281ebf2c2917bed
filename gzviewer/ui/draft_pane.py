"""Drafting a task table for a report that has none: candidate tasks with suggested lead units.

The drafting (cutting the report's work-arrangement sentences, ranking units for each) runs
in a JobRunner job; only the newest request's result is shown. The draft can be saved as a
workbook laid out like the other exports.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gzviewer.store.database import Database
from gzviewer.store.drafting_queries import DRAFTABLE_KINDS
from gzviewer.store.queries import DocumentSummary
from gzviewer.ui.elided_label import ElidedLabel
from gzviewer.ui.exporting import confirmed_target
from gzviewer.ui.filters import choice_combo
from gzviewer.ui.models.drafts import (
    COL_ALTERNATIVES,
    COL_CATEGORY,
    COL_NO,
    COL_SCORE,
    COL_SECTION,
    COL_SUGGESTED,
    COL_TEXT,
    DraftTableModel,
)
from gzviewer.ui.models.roles import LOCATION_ROLE, SORT_ROLE
from gzviewer.ui.table_setup import configure_table
from gzviewer.ui.workers import Job, JobRunner, LatestJob

# The drafter (rapidfuzz, jieba) and openpyxl are imported by the jobs, not with the window.

REPORT_LABEL = "报告"
NO_REPORTS = "（没有可起草的报告）"
DRAFT_BUTTON = "起草"
DRAFT_TOOLTIP = "从所选报告的工作安排中拆出候选任务，并建议牵头单位"
EXPORT_BUTTON = "导出 Excel…"
EXPORT_TOOLTIP = "把当前草稿保存为 Excel 分工表"
SAVE_TITLE = "导出分工表草稿"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
XLSX_SUFFIX = ".xlsx"
FILE_NAME = "{title}-分工表草稿"
DRAFTING = "正在起草…"
DRAFTING_PROGRESS = "正在起草…（{done}/{total}）"
DRAFTED = "已为“{title}”起草 {count} 项候选任务"
COUNT = "共 {count} 项候选任务"
SOURCE = "起草自：{title}"
EXPORTING = "正在导出…"
EXPORTED = "已导出 {count} 项候选任务到 {path}"
HINT = "双击一行，在报告中查看原句"
ERROR_STYLE = "color: #b00020"
HINT_STYLE = "color: gray"
# The task text keeps a readable width even in a narrow tab (the table scrolls sideways then);
# headings are elided, with the whole text in their tooltips.
COLUMN_WIDTHS = {COL_NO: 44, COL_SECTION: 110, COL_CATEGORY: 110, COL_TEXT: 340, COL_SUGGESTED: 130,
                 COL_ALTERNATIVES: 190, COL_SCORE: 56}


def _documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


class DraftPane(QWidget):
    locationRequested = Signal(int, object)  # document id, [(start, end)]
    statusMessage = Signal(str)

    def __init__(self, database: Database, runner: JobRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftPane")
        self._database = database
        self._runner = runner or JobRunner(self)
        self._draft_job = LatestJob(self._runner)  # the newest drafting request; older ones are ignored
        self._export_job: Job | None = None
        self._titles: dict[int, str] = {}
        self._draft_title = ""  # the report the shown draft was made from
        self._folder = _documents_folder()

        self.report_choice = choice_combo(self, "draftReportChoice", [], REPORT_LABEL)
        self.report_choice.setMinimumContentsLength(20)
        report_label = QLabel(REPORT_LABEL, self)
        report_label.setBuddy(self.report_choice)
        self.draft_button = QPushButton(DRAFT_BUTTON, self)
        self.draft_button.setObjectName("draftButton")
        self.draft_button.setToolTip(DRAFT_TOOLTIP)
        self.export_button = QPushButton(EXPORT_BUTTON, self)
        self.export_button.setObjectName("draftExportButton")
        self.export_button.setToolTip(EXPORT_TOOLTIP)
        self.export_button.setEnabled(False)
        self.count_label = QLabel(COUNT.format(count=0), self)
        self.count_label.setObjectName("draftCountLabel")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.source_label = ElidedLabel("", self)
        self.source_label.setObjectName("draftSourceLabel")
        self.status_label = ElidedLabel("", self)
        self.status_label.setObjectName("draftStatusLabel")
        hint = QLabel(HINT, self)
        hint.setStyleSheet(HINT_STYLE)

        self.model = DraftTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.view = QTableView(self)
        self.view.setObjectName("draftView")
        self.view.setAccessibleName("分工表草稿")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # report order until a header is clicked
        configure_table(self.view)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        for column, width in COLUMN_WIDTHS.items():
            self.view.setColumnWidth(column, width)

        controls = QHBoxLayout()
        controls.addWidget(report_label)
        controls.addWidget(self.report_choice, 1)
        controls.addWidget(self.draft_button)
        controls.addWidget(self.export_button)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addWidget(self.source_label, 2)
        footer.addWidget(self.status_label, 2)
        footer.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

        self.draft_button.clicked.connect(self.draft)
        self.export_button.clicked.connect(self.ask_export)
        self.view.doubleClicked.connect(self._double_clicked)
        self._update_buttons()

    # --- documents -----------------------------------------------------------------------------------

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        """Offer the reports and plans of the library; a shown draft of a removed report is cleared."""
        # Work reports first (what a task table is drafted from), then plan reports and five-year
        # recommendations; newest first within each kind. The first is chosen by default.
        reports = sorted((d for d in documents if d.kind in DRAFTABLE_KINDS),
                         key=lambda d: DRAFTABLE_KINDS.index(d.kind))
        self._titles = {d.id: d.display_title for d in reports}
        current = self.report_choice.currentData()
        self.report_choice.blockSignals(True)
        try:
            self.report_choice.clear()
            for d in reports:
                self.report_choice.addItem(d.display_title, d.id)
                self.report_choice.setItemData(self.report_choice.count() - 1, d.display_title,
                                               Qt.ItemDataRole.ToolTipRole)
            if not reports:
                self.report_choice.addItem(NO_REPORTS, None)
            index = self.report_choice.findData(current)
            self.report_choice.setCurrentIndex(index if index >= 0 else 0)
        finally:
            self.report_choice.blockSignals(False)
        if self.model.document_id is not None and self.model.document_id not in self._titles:
            self._show_drafts(None, "", [])
        self._update_buttons()

    def select_report(self, document_id: int) -> bool:
        """Choose the report ``document_id`` in the combo (False when it is not offered)."""
        index = self.report_choice.findData(document_id)
        if index >= 0:
            self.report_choice.setCurrentIndex(index)
        return index >= 0

    # --- drafting ------------------------------------------------------------------------------------

    @property
    def drafting(self) -> bool:
        return self._draft_job.running

    def draft(self) -> None:
        """Draft the chosen report in the background; a newer request supersedes a running one."""
        document_id = self.report_choice.currentData()
        if document_id is None:
            return
        title = self._titles.get(document_id, self.report_choice.currentText())
        database = self._database

        def work(progress):
            from gzviewer.store import drafting_queries

            with database.session() as session:
                drafts = drafting_queries.draft_for_document(session, document_id, progress)
            return document_id, title, drafts

        self._set_status(DRAFTING)
        self.statusMessage.emit(DRAFTING)
        self._draft_job.start(work, on_finished=self._drafted, on_failed=self._draft_failed,
                              on_progress=self._draft_progress, on_cancelled=self._draft_cancelled)
        self._update_buttons()

    def _draft_progress(self, done: int, total: int, _text: str) -> None:
        if self._draft_job.reports(self.sender()) and total:
            self._set_status(DRAFTING_PROGRESS.format(done=done, total=total))

    def _drafted(self, result) -> None:
        if not self._draft_job.is_current(self.sender()):
            return
        document_id, title, drafts = result
        self._show_drafts(document_id, title, drafts)
        self._set_status("")  # the count and source labels now say what is shown
        self.statusMessage.emit(DRAFTED.format(title=title, count=len(drafts)))
        self._update_buttons()

    def _draft_failed(self, message: str) -> None:
        if not self._draft_job.is_current(self.sender()):
            return
        self._set_status(message, error=True)
        self.statusMessage.emit(message)
        self._update_buttons()

    def _draft_cancelled(self) -> None:
        if self._draft_job.is_current(self.sender()):
            self._set_status("")
            self._update_buttons()

    def _show_drafts(self, document_id: int | None, title: str, drafts: list) -> None:
        self._draft_title = title
        self.model.set_drafts(document_id, drafts)
        self.count_label.setText(COUNT.format(count=len(drafts)))
        self.source_label.setText(SOURCE.format(title=title) if title else "")
        self.source_label.setToolTip(title)

    # --- export --------------------------------------------------------------------------------------

    def default_file_name(self) -> str:
        from gzviewer.export.names import file_stem

        return file_stem(FILE_NAME.format(title=self._draft_title)) + XLSX_SUFFIX

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, SAVE_TITLE, str(self._folder / self.default_file_name()),
                                              XLSX_FILTER)
        target = confirmed_target(self, path) if path else None
        if target:
            self.export_to(*target)

    def export_to(self, path: Path, overwrite: bool = False) -> None:
        """Write the shown draft to ``path`` in the background (tests call this directly)."""
        drafts = self.model.drafts
        if not drafts:
            return
        self._folder = path.parent
        report_title = self._draft_title

        def work(_progress):
            from gzviewer.export.draft_workbook import draft_title, write_draft_workbook

            write_draft_workbook(drafts, path, title=draft_title(report_title), overwrite=overwrite)
            return EXPORTED.format(count=len(drafts), path=path)

        self._set_status(EXPORTING)
        self._export_job = self._runner.start(work, on_finished=self._exported, on_failed=self._export_failed)
        self._update_buttons()

    def _exported(self, message: str) -> None:
        self._export_job = None
        self._set_status(message)
        self.statusMessage.emit(message)
        self._update_buttons()

    def _export_failed(self, message: str) -> None:
        self._export_job = None
        self._set_status(message, error=True)
        self.statusMessage.emit(message)
        self._update_buttons()

    # --- view ----------------------------------------------------------------------------------------

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(text)
        self.status_label.setStyleSheet(ERROR_STYLE if error else "")

    def _update_buttons(self) -> None:
        self.draft_button.setEnabled(not self._draft_job.running and self.report_choice.currentData() is not None)
        self.export_button.setEnabled(self._export_job is None and self.model.rowCount() > 0)

    def _double_clicked(self, index: QModelIndex) -> None:
        location = index.data(LOCATION_ROLE)
        if location is not None:
            document_id, start, end = location
            self.locationRequested.emit(document_id, [(start, end)])

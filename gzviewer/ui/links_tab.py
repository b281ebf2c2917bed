"""The links tab (关联分析): what a report's task table leaves out, and one indicator across documents.

Both pages read the store in a JobRunner job (aligning a table to its report can take a second
or more) and show only the answer to the newest request: a result that arrives after the user
has asked for something else is dropped. Further pages (the task-table draft) are added with
``add_page``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gzviewer.store.database import Database
from gzviewer.store.link_queries import (
    CoverageResult,
    LinkedPair,
    indicator_names,
    indicator_timeline,
    linked_pairs,
    report_coverage,
)
from gzviewer.store.queries import DocumentSummary
from gzviewer.ui.filters import choice_combo, refill_combo
from gzviewer.ui.models.links import (
    COL_DOCUMENT,
    COL_INDICATOR,
    COL_KIND,
    COL_NO,
    COL_SECTION,
    COL_UNIT,
    COL_VALUE,
    COL_YEAR,
    TimelineModel,
    UncoveredSentenceModel,
    UnsourcedTaskModel,
)
from gzviewer.ui.models.roles import LOCATION_ROLE
from gzviewer.ui.table_setup import configure_table
from gzviewer.ui.workers import JobRunner, LatestJob

COVERAGE_TITLE = "未分配的工作"
TIMELINE_TITLE = "指标走势"
PAIR_LABEL = "{report} ← {assignment}"
PAIR_CAPTION = "报告 ← 分工表"
NO_PAIRS = ("还没有可以对照的报告和责任分工表。\n"
            "导入一份政府工作报告（或计划报告）及据它印发的责任分工通知后，"
            "这里会列出报告中没有分配任务的工作安排。")
COVERAGE_COUNT = "报告中有 {uncovered} 句工作安排没有对应任务；{unsourced} 项任务找不到出处"
UNCOVERED_CAPTION = "没有对应任务的工作安排（双击在报告中查看）"
UNSOURCED_CAPTION = "找不到报告出处的任务"
COMPUTING_COVERAGE = "正在对照报告和分工表…"
INDICATOR_PLACEHOLDER = "输入指标名称，如 地区生产总值"
QUERY = "查询"
QUERYING = "正在查询…"
TIMELINE_HINT = "输入指标名称后按“查询”或回车"
TIMELINE_COUNT = "“{name}”共 {count} 项，来自 {documents} 个文件（双击查看原句）"
TIMELINE_EMPTY = "没有找到指标“{name}”。请从输入时的提示中选择已提取的指标名称"
NO_LOCATION = "该项没有记录在文件中的位置"

UNCOVERED_WIDTHS = {COL_SECTION: 200}
UNSOURCED_WIDTHS = {COL_NO: 56}
TIMELINE_WIDTHS = {COL_YEAR: 56, COL_DOCUMENT: 200, COL_KIND: 44, COL_INDICATOR: 110, COL_VALUE: 64, COL_UNIT: 56}


def _table(parent: QWidget, name: str, accessible: str, model, widths: dict[int, int]) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    configure_table(view)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in widths.items():
        view.setColumnWidth(column, width)
    return view


def _caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class CoveragePage(QWidget):
    """A linked report/assignment pair: its uncovered sentences and its unsourced tasks."""

    locationRequested = Signal(int, object)
    statusMessage = Signal(str)
    coverageShown = Signal(object)  # the CoverageResult now on screen

    def __init__(self, database: Database, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coveragePage")
        self._database = database
        self._job = LatestJob(runner)
        self._stale = True
        self._shown_pair: tuple[int, int] | None = None

        self.pair_combo = choice_combo(self, "coveragePairCombo", [], PAIR_CAPTION)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("coverageCountLabel")
        self.count_label.setWordWrap(True)
        self.uncovered_model = UncoveredSentenceModel(self)
        self.unsourced_model = UnsourcedTaskModel(self)
        self.uncovered_view = _table(self, "uncoveredView", UNCOVERED_CAPTION, self.uncovered_model,
                                     UNCOVERED_WIDTHS)
        self.unsourced_view = _table(self, "unsourcedView", UNSOURCED_CAPTION, self.unsourced_model,
                                     UNSOURCED_WIDTHS)
        self.empty_label = QLabel(NO_PAIRS, self)
        self.empty_label.setObjectName("coverageEmptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._build_layout()
        self.pair_combo.currentIndexChanged.connect(self.reload)
        self.uncovered_view.doubleClicked.connect(self._activated)

    def _build_layout(self) -> None:
        pair_row = QHBoxLayout()
        caption = QLabel(PAIR_CAPTION, self)
        caption.setBuddy(self.pair_combo)
        pair_row.addWidget(caption)
        pair_row.addWidget(self.pair_combo, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("coverageSplitter")
        splitter.setChildrenCollapsible(False)
        for caption_text, view in ((UNCOVERED_CAPTION, self.uncovered_view),
                                   (UNSOURCED_CAPTION, self.unsourced_view)):
            box = QWidget(splitter)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(_caption(caption_text, box))
            box_layout.addWidget(view, 1)
            splitter.addWidget(box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        results = QWidget(self)
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addLayout(pair_row)
        results_layout.addWidget(self.count_label)
        results_layout.addWidget(splitter, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(results)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)

    # --- data --------------------------------------------------------------------------------------

    def set_documents(self, _documents: list[DocumentSummary]) -> None:
        """Refill the pairs (a quick query) and recompute when shown: an import may have changed them."""
        with self._database.session() as session:
            pairs = linked_pairs(session)
        refill_combo(self.pair_combo, *self._choices(pairs))
        self.stack.setCurrentWidget(self.empty_label if not pairs else self.stack.widget(0))
        self._stale = True
        if self.isVisible():
            self.reload()

    @staticmethod
    def _choices(pairs: list[LinkedPair]):
        items = [(PAIR_LABEL.format(report=p.report_title, assignment=p.assignment_title),
                  (p.report_id, p.assignment_id)) for p in pairs]
        return (items[0] if items else ("", None)), items[1:]

    def current_pair(self) -> tuple[int, int] | None:
        return self.pair_combo.currentData()

    def reload(self) -> None:
        """Compute the coverage of the chosen pair in the background."""
        self.pair_combo.setToolTip(self.pair_combo.currentText() or PAIR_CAPTION)
        pair = self.current_pair()
        self._stale = False
        if pair is None:
            self._show(None)
            return
        database = self._database
        report_id, assignment_id = pair

        def compute() -> CoverageResult:
            with database.session() as session:
                return report_coverage(session, report_id, assignment_id)

        self.count_label.setText(COMPUTING_COVERAGE)
        self._job.start(lambda _progress: compute(), on_finished=self._finished, on_failed=self._failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _finished(self, result: CoverageResult) -> None:
        if self._job.is_current(self.sender()):
            self._show(result)

    def _failed(self, message: str) -> None:
        if self._job.is_current(self.sender()):
            self._show(None)
            self.count_label.setText(message)
            self.statusMessage.emit(message)

    def _show(self, result: CoverageResult | None) -> None:
        if result is None:
            self.uncovered_model.set_result(None, [])
            self.unsourced_model.set_rows([])
            self.count_label.clear()
            return
        self.uncovered_model.set_result(result.report_id, result.uncovered)
        self.unsourced_model.set_rows(result.unsourced)
        self.count_label.setText(COVERAGE_COUNT.format(uncovered=len(result.uncovered),
                                                       unsourced=len(result.unsourced)))
        self.coverageShown.emit(result)

    @property
    def busy(self) -> bool:
        return self._job.running

    def _activated(self, index: QModelIndex) -> None:
        location = index.data(LOCATION_ROLE)
        if location is not None:
            document_id, start, end = location
            self.locationRequested.emit(document_id, [(start, end)])


class TimelinePage(QWidget):
    """One indicator (named with the help of a completer) across the stored documents."""

    locationRequested = Signal(int, object)
    statusMessage = Signal(str)
    timelineShown = Signal(str, object)  # the indicator asked for, list[TimelinePoint]

    def __init__(self, database: Database, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePage")
        self._database = database
        self._job = LatestJob(runner)
        self._asked = ""

        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("indicatorEdit")
        self.name_edit.setAccessibleName("指标")
        self.name_edit.setPlaceholderText(INDICATOR_PLACEHOLDER)
        self.name_edit.setClearButtonEnabled(True)
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.name_edit.setCompleter(completer)
        self.query_button = QPushButton(QUERY, self)
        self.query_button.setObjectName("indicatorQueryButton")
        self.count_label = QLabel(TIMELINE_HINT, self)
        self.count_label.setObjectName("timelineCountLabel")
        self.count_label.setWordWrap(True)
        self.model = TimelineModel(self)
        self.view = _table(self, "timelineView", TIMELINE_TITLE, self.model, TIMELINE_WIDTHS)

        query_row = QHBoxLayout()
        query_row.addWidget(self.name_edit, 1)
        query_row.addWidget(self.query_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(query_row)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)

        self.query_button.clicked.connect(self.query)
        self.name_edit.returnPressed.connect(self.query)
        self.view.doubleClicked.connect(self._activated)

    def set_documents(self, _documents: list[DocumentSummary]) -> None:
        """Offer the stored indicator names; a timeline on screen is read again (an import may add points)."""
        with self._database.session() as session:
            self.names.setStringList(indicator_names(session))
        if self._asked:
            self.query(self._asked)

    def query(self, name: str | None = None) -> None:
        name = (name if isinstance(name, str) else self.name_edit.text()).strip()
        if not name:
            self.count_label.setText(TIMELINE_HINT)
            return
        self._asked = name
        database = self._database

        def compute():
            with database.session() as session:
                return name, indicator_timeline(session, name)

        self.count_label.setText(QUERYING)
        self._job.start(lambda _progress: compute(), on_finished=self._finished, on_failed=self._failed)

    def _finished(self, answer) -> None:
        if not self._job.is_current(self.sender()):
            return
        name, points = answer
        self.model.set_rows(points)
        if points:
            documents = len({p.document_id for p in points})
            self.count_label.setText(TIMELINE_COUNT.format(name=name, count=len(points), documents=documents))
        else:
            self.count_label.setText(TIMELINE_EMPTY.format(name=name))
        self.timelineShown.emit(name, points)

    def _failed(self, message: str) -> None:
        if self._job.is_current(self.sender()):
            self.model.set_rows([])
            self.count_label.setText(message)
            self.statusMessage.emit(message)

    @property
    def busy(self) -> bool:
        return self._job.running

    def _activated(self, index: QModelIndex) -> None:
        location = index.data(LOCATION_ROLE)
        if location is None:
            self.statusMessage.emit(NO_LOCATION)
            return
        document_id, start, end = location
        self.locationRequested.emit(document_id, [(start, end)])


class LinksTab(QWidget):
    """Pages about links between documents; other pages (a draft task table) join through ``add_page``."""

    locationRequested = Signal(int, object)  # document id, [(start, end)]
    statusMessage = Signal(str)

    def __init__(self, database: Database, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linksTab")
        self._documents: list[DocumentSummary] | None = None
        self._extra_pages: list[QWidget] = []
        self.pages = QTabWidget(self)
        self.pages.setObjectName("linksPages")
        self.pages.setDocumentMode(True)
        self.coverage_page = CoveragePage(database, runner, self)
        self.timeline_page = TimelinePage(database, runner, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        for page, title in ((self.coverage_page, COVERAGE_TITLE), (self.timeline_page, TIMELINE_TITLE)):
            self._add(page, title)

    def _add(self, widget: QWidget, title: str) -> None:
        self.pages.addTab(widget, title)
        for name in ("locationRequested", "statusMessage"):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(getattr(self, name))

    def add_page(self, widget: QWidget, title: str) -> None:
        """Add a page; its ``locationRequested``/``statusMessage`` signals and ``set_documents`` are wired."""
        self._add(widget, title)
        self._extra_pages.append(widget)
        if self._documents is not None and hasattr(widget, "set_documents"):
            widget.set_documents(self._documents)

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        self._documents = list(documents)
        self.coverage_page.set_documents(self._documents)
        self.timeline_page.set_documents(self._documents)
        for page in self._extra_pages:
            if hasattr(page, "set_documents"):
                page.set_documents(self._documents)

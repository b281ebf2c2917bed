"""The tasks tab: the responsibility table with its filters, count and in-place review editing, and
below it (a splitter pane) the selected task in full, where it is corrected by hand, with its history
(修改记录) on a second tab of that pane."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gzviewer.store.database import Database
from gzviewer.store.queries import (
    DUE_ATTENTION,
    DUE_OVERDUE,
    DUE_SOON,
    ROLE_ALL,
    ROLE_COOP,
    ROLE_LEAD,
    STATUSES,
    DocumentSummary,
    TaskFilter,
    count_tasks,
    distinct_leaders,
    distinct_sections,
    unit_summaries,
)
from gzviewer.store.search import query_words
from gzviewer.ui.colors import DUE_SOON_BACKGROUND, OVERDUE_BACKGROUND
from gzviewer.ui.elided_label import ElidedLabel
from gzviewer.ui.filters import ALL_DOCUMENTS, choice_combo, debounce_timer, document_choices, refill_combo
from gzviewer.ui.history_panel import TaskHistoryPanel
from gzviewer.ui.models.roles import ID_ROLE
from gzviewer.ui.models.tasks import TaskTableModel
from gzviewer.ui.settings import AppSettings
from gzviewer.ui.task_detail import TaskDetailPanel
from gzviewer.ui.task_editing import TaskEditing
from gzviewer.ui.task_table_view import TaskTableView
from gzviewer.ui.unit_filter import UnitFilterCombo
from gzviewer.vocabulary import DUE_LABELS, ROLE_LABELS

ROLE_CHOICES = [(ROLE_LABELS[role], role) for role in (ROLE_ALL, ROLE_LEAD, ROLE_COOP)]
ALL_LEADERS = "全部分管领导"
ALL_SECTIONS = "全部章节"
ALL_STATUSES = "全部状态"
DUE_CHOICES = [("全部期限", None), *((DUE_LABELS[due], due) for due in (DUE_ATTENTION, DUE_OVERDUE, DUE_SOON))]
SEARCH_PLACEHOLDER = "搜索重点工作（按词匹配，如：5G 基站）"
CLEAR_FILTERS = "清除筛选"
COUNT_ALL = "共 {total} 项任务"
COUNT_FILTERED = "显示 {shown} 项任务（共 {total} 项）"
COUNT_WIDEST = COUNT_FILTERED.format(shown="0000000", total="0000000")
LEGEND = ('<span style="background:{overdue}">&nbsp;已逾期&nbsp;</span>&nbsp;'
          '<span style="background:{soon}">&nbsp;7天内到期&nbsp;</span>')
EDIT_HINT = "双击“状态”“进展情况”“完成时限”直接修改，自动保存；在下方详情中更正任务；Ctrl+Z 撤销"
DETAIL_TAB = "任务详情"
HISTORY_TAB = "修改记录"
HISTORY_TAB_COUNT = "修改记录（{count}）"
LABELS = {"document": "文件", "unit": "单位", "role": "角色", "leader": "分管领导", "section": "章节",
          "status": "状态", "due": "期限", "search": "搜索"}


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class TasksTab(QWidget):
    taskSelected = Signal(int)
    filterChanged = Signal(object)  # the new TaskFilter
    statusMessage = Signal(str)
    tasksChanged = Signal()  # tasks were corrected (or a correction undone): counts elsewhere are stale

    def __init__(self, database: Database, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._search_words: tuple[str, ...] = ()
        self._total = 0
        self.today: date | None = None  # tests fix the date; None is the real date

        self.document_filter = choice_combo(self, "taskDocumentFilter", [(ALL_DOCUMENTS, None)], LABELS["document"])
        self.unit_filter = UnitFilterCombo(self)
        self.role_filter = choice_combo(self, "roleFilter", ROLE_CHOICES, LABELS["role"])
        self.leader_filter = choice_combo(self, "leaderFilter", [(ALL_LEADERS, None)], LABELS["leader"])
        self.section_filter = choice_combo(self, "sectionFilter", [(ALL_SECTIONS, None)], LABELS["section"])
        self.status_filter = choice_combo(self, "statusFilter", [(ALL_STATUSES, None), *((s, s) for s in STATUSES)],
                                          LABELS["status"])
        self.due_filter = choice_combo(self, "dueFilter", DUE_CHOICES, LABELS["due"])
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName(LABELS["search"])
        self.search_box.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_box.setClearButtonEnabled(True)
        self.clear_button = QPushButton(CLEAR_FILTERS, self)
        self.clear_button.setObjectName("clearTaskFilters")

        self.model = TaskTableModel(database, undo_stack, self)
        self.view = TaskTableView(self)
        self.view.setModel(self.model)
        self.view.apply_default_widths()
        # Several rows may be selected (with Ctrl or Shift) to merge them.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.editing = TaskEditing(database, undo_stack, self)
        self.detail = TaskDetailPanel(database, self.editing, self.model, self, self)
        self.history = TaskHistoryPanel(database, self)
        # The detail and the history share the pane below the table: at 1366×768 there is no room
        # for both at once without hiding the progress editor.
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.setObjectName("taskDetailTabs")
        self.detail_tabs.setDocumentMode(True)
        self.detail_tabs.addTab(self.detail, DETAIL_TAB)
        self.detail_tabs.addTab(self.history, HISTORY_TAB)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("taskDetailSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail_tabs)
        self.splitter.setCollapsible(0, False)
        self.splitter.setStretchFactor(0, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("taskCountLabel")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        # A fixed size (both ways, or Qt relays out the tab): a new count repaints the label only (~30 ms less).
        self.count_label.setFixedSize(self.count_label.fontMetrics().horizontalAdvance(COUNT_WIDEST) + 8,
                                      self.count_label.sizeHint().height())
        legend = QLabel(LEGEND.format(overdue=OVERDUE_BACKGROUND.name(), soon=DUE_SOON_BACKGROUND.name()), self)
        self.hint_label = ElidedLabel(EDIT_HINT, self)
        self.hint_label.setToolTip(EDIT_HINT)
        self.hint_label.setStyleSheet("color: gray")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self._build_layout(legend)
        self._search_timer = debounce_timer(self, self._search_changed)
        self._connect()
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # sorts (and loads) through model.sort

    def _build_layout(self, legend: QLabel) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        rows = (
            (("document", self.document_filter), ("unit", self.unit_filter), ("role", self.role_filter)),
            (("leader", self.leader_filter), ("section", self.section_filter), ("status", self.status_filter)),
        )
        for row, cells in enumerate(rows):
            for column, (key, widget) in enumerate(cells):
                grid.addWidget(_labelled(LABELS[key], widget), row, column * 2)
                grid.addWidget(widget, row, column * 2 + 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 1)
        search_row = QHBoxLayout()
        search_row.addWidget(_labelled(LABELS["search"], self.search_box))
        search_row.addWidget(self.search_box, 3)
        search_row.addWidget(_labelled(LABELS["due"], self.due_filter))
        search_row.addWidget(self.due_filter, 1)
        search_row.addWidget(self.clear_button)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addWidget(self.hint_label, 1)
        footer.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addLayout(search_row)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        self.document_filter.currentIndexChanged.connect(self._document_changed)
        self.unit_filter.unitChosen.connect(self._unit_chosen)
        for combo in (self.role_filter, self.leader_filter, self.section_filter, self.status_filter,
                      self.due_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self._search_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.model.countChanged.connect(self._update_count)
        self.model.saveFailed.connect(self.statusMessage)
        self.model.reviewSaved.connect(lambda _task_id: self._show_history(self.detail.task_id))
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.detail.update_actions())
        self.editing.edited.connect(self._tasks_edited)
        self.editing.failed.connect(self.statusMessage)
        self.editing.statusMessage.connect(self.statusMessage)

    # --- data --------------------------------------------------------------------------------------

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        """Refill the filter choices after an import; the table keeps its filter."""
        refill_combo(self.document_filter, (ALL_DOCUMENTS, None), document_choices(documents, "tasks"))
        self._refill_choices()
        self.apply_filter()

    def _refill_choices(self) -> None:
        document_id = self.document_filter.currentData()
        with self._database.session() as session:
            units = unit_summaries(session, document_id)
            leaders = distinct_leaders(session, document_id)
            sections = distinct_sections(session, document_id)
            self._total = count_tasks(session, TaskFilter(document_id=document_id))
            every_unit = units if document_id is None else unit_summaries(session)
            every_leader = leaders if document_id is None else distinct_leaders(session)
        self.unit_filter.set_units(units)
        self.detail.set_known_names([u.name for u in every_unit], every_leader)
        refill_combo(self.leader_filter, (ALL_LEADERS, None), [(name, name) for name in leaders])
        refill_combo(self.section_filter, (ALL_SECTIONS, None), [(name, name) for name in sections])

    def current_filter(self) -> TaskFilter:
        return TaskFilter(
            document_id=self.document_filter.currentData(),
            unit=self.unit_filter.current_unit() or None,
            role=self.role_filter.currentData(),
            leader=self.leader_filter.currentData(),
            section=self.section_filter.currentData(),
            status=self.status_filter.currentData(),
            search_words=self._search_words,
            due=self.due_filter.currentData(),
            today=self.today,
        )

    def apply_filter(self) -> None:
        self.view.commit_open_editor()
        task_filter = self.current_filter()
        self.model.today = self.today
        self.model.set_filter(task_filter)
        self.filterChanged.emit(task_filter)

    def reload(self) -> None:
        """Read the rows again (after reviews changed elsewhere, e.g. a progress import)."""
        self._refill_choices()
        self.apply_filter()
        self.detail.reload()

    # --- filters kept between runs ------------------------------------------------------------------

    def _remembered_combos(self) -> dict:
        return {"role": self.role_filter, "leader": self.leader_filter, "section": self.section_filter,
                "status": self.status_filter, "due": self.due_filter}

    def save_filters(self, settings: AppSettings) -> None:
        key = settings.task_filter_key
        settings.set_value(key("document"), self.document_filter.currentData())
        settings.set_value(key("unit"), self.unit_filter.current_unit() or None)
        settings.set_value(key("search"), self.search_box.text() or None)
        for name, combo in self._remembered_combos().items():
            settings.set_value(key(name), combo.currentData())

    def restore_filters(self, settings: AppSettings) -> None:
        """The filters of the last run, where their values are still offered; one reload."""
        key = settings.task_filter_key
        before = self.current_filter()
        combos = [self.document_filter, *self._remembered_combos().values()]
        for combo in combos:
            combo.blockSignals(True)
        try:
            document = settings.int_value(key("document"))
            if document is not None and self.document_filter.findData(document) >= 0:
                self.document_filter.setCurrentIndex(self.document_filter.findData(document))
                self._refill_choices()
            for name, combo in self._remembered_combos().items():
                value = settings.text_value(key(name))
                index = combo.findData(value) if value is not None else -1
                if index >= 0:
                    combo.setCurrentIndex(index)
        finally:
            for combo in combos:
                combo.blockSignals(False)
        unit = settings.text_value(key("unit"))
        if unit and unit in self.unit_filter.unit_names:
            self.unit_filter.blockSignals(True)
            self.unit_filter.set_unit(unit)
            self.unit_filter.blockSignals(False)
        search = settings.text_value(key("search"))
        if search:
            self.search_box.setText(search)  # applied after the debounce: the word splitter loads then
        if self.current_filter() != before:
            self.apply_filter()

    # --- filter controls -----------------------------------------------------------------------------

    def set_unit(self, name: str, role: str | None = None) -> None:
        """Show the tasks of ``name`` (used by the units tab)."""
        if role is not None:
            index = self.role_filter.findData(role)
            self.role_filter.blockSignals(True)
            self.role_filter.setCurrentIndex(index)
            self.role_filter.blockSignals(False)
        if self.unit_filter.current_unit() == name:
            self.apply_filter()
        else:
            self.unit_filter.set_unit(name)

    def clear_filters(self) -> None:
        for combo in (self.role_filter, self.leader_filter, self.section_filter, self.status_filter,
                      self.due_filter, self.document_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self._search_words = ()
        self.unit_filter.blockSignals(True)
        self.unit_filter.set_unit("")
        self.unit_filter.blockSignals(False)
        self._refill_choices()
        self.apply_filter()

    def _document_changed(self) -> None:
        self._refill_choices()
        self.apply_filter()

    def _unit_chosen(self, name: str) -> None:
        if name and name not in self.unit_filter.unit_names:
            self.statusMessage.emit(f"没有名为“{name}”的单位，请从列表中选择")
        self.apply_filter()

    def _search_changed(self) -> None:
        self._search_timer.stop()
        words = tuple(query_words(self.search_box.text()))
        if words != self._search_words:
            self._search_words = words
            self.apply_filter()

    def _update_count(self, shown: int) -> None:
        filtered = self.current_filter() != TaskFilter(document_id=self.document_filter.currentData(),
                                                       role=self.role_filter.currentData(), today=self.today)
        text = COUNT_FILTERED if filtered or shown != self._total else COUNT_ALL
        self.count_label.setText(text.format(shown=shown, total=self._total))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        task_id = current.data(ID_ROLE) if current.isValid() else None
        if task_id is not None:
            if task_id != self.detail.task_id:
                self.detail.show_task(task_id)
            self._show_history(self.detail.task_id)
            self.taskSelected.emit(task_id)

    def _show_history(self, task_id: int | None) -> None:
        """The history tab follows the task in the detail tab; its title counts the entries."""
        self.history.show_task(task_id)
        count = self.history.model.rowCount()
        self.detail_tabs.setTabText(1, HISTORY_TAB_COUNT.format(count=count) if count else HISTORY_TAB)

    def selected_task_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    # --- the detail panel's table ------------------------------------------------------------------------

    def selected_task_ids(self) -> list[int]:
        """The tasks of the selected rows, in table order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.task_id(row) for row in rows]

    def task_after(self, task_id: int | None) -> int | None:
        row = self.model.row_of(task_id) if task_id is not None else None
        return self.model.task_id(row + 1) if row is not None and row + 1 < self.model.rowCount() else None

    def select_task(self, task_id: int) -> bool:
        """Make ``task_id`` the current and only selected row (False: not in the table)."""
        row = self.model.row_of(task_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def commit_pending(self) -> None:
        """Save what is typed in the table's editor or the detail panel (before the window closes)."""
        self.view.commit_open_editor()
        self.detail.commit_pending()

    def _tasks_edited(self, task_ids: list[int], focus: bool) -> None:
        """Read the table, the filter choices and the counts again after a correction (or its undo)
        and show the task it left (``focus``) or keep the one shown."""
        shown = task_ids[0] if focus and task_ids else self.detail.task_id
        row_before = self.view.currentIndex().row()
        self.model.forget_ids()
        self._refill_choices()
        self.apply_filter()
        self.detail.show_task(shown, commit=False)
        if self.detail.task_id is None and self.model.rowCount() and row_before >= 0:
            self.detail.show_task(self.model.task_id(min(row_before, self.model.rowCount() - 1)), commit=False)
        if self.detail.task_id is not None:
            self.select_task(self.detail.task_id)
        self.detail.update_actions()
        self._show_history(self.detail.task_id)
        self.tasksChanged.emit()

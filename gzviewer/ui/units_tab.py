"""The units tab: per-unit task statistics with a bar chart; double-click opens the unit's tasks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gzviewer.store.database import Database
from gzviewer.store.queries import ROLE_COOP, ROLE_LEAD, DocumentSummary, unit_summaries
from gzviewer.ui.filters import ALL_DOCUMENTS, choice_combo, document_choices, refill_combo
from gzviewer.ui.models.roles import ID_ROLE, SORT_ROLE
from gzviewer.ui.models.units import COL_COOP, COL_LEAD, COL_NAME, UnitSummaryModel
from gzviewer.ui.table_setup import configure_table
from gzviewer.ui.unit_chart import UnitBarChart

FILTER_PLACEHOLDER = "筛选单位名称"
HINT = "双击单位查看其任务"
COUNT = "{count} 个单位"
NAME_WIDTH = 170


class UnitsTab(QWidget):
    unitActivated = Signal(str, object)  # unit name, role (lead / coop / None = keep)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._stale = True
        self.today: date | None = None

        self.document_filter = choice_combo(self, "unitDocumentFilter", [(ALL_DOCUMENTS, None)], "文件")
        self.name_filter = QLineEdit(self)
        self.name_filter.setObjectName("unitNameFilter")
        self.name_filter.setPlaceholderText(FILTER_PLACEHOLDER)
        self.name_filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        hint = QLabel(HINT, self)
        hint.setStyleSheet("color: gray")

        self.model = UnitSummaryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(COL_NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTableView(self)
        self.view.setObjectName("unitsView")
        self.view.setAccessibleName("单位")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_LEAD, Qt.SortOrder.DescendingOrder)
        configure_table(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(COL_NAME, NAME_WIDTH)
        self.chart = UnitBarChart(self)

        filters = QHBoxLayout()
        filters.addWidget(self.document_filter, 2)
        filters.addWidget(self.name_filter, 2)
        filters.addWidget(self.count_label)
        filters.addStretch(1)
        filters.addWidget(hint)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("unitsSplitter")
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self.document_filter.currentIndexChanged.connect(self.reload)
        self.name_filter.textChanged.connect(self._name_filter_changed)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.activated.connect(self._double_clicked)
        self.chart.unitActivated.connect(lambda name: self.unitActivated.emit(name, None))

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        refill_combo(self.document_filter, (ALL_DOCUMENTS, None), document_choices(documents, "tasks"))
        self.mark_stale()

    def mark_stale(self) -> None:
        """Statistics changed (an import, a saved review): reload now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        with self._database.session() as session:
            summaries = unit_summaries(session, self.document_filter.currentData(), self.today)
        self.model.set_summaries(summaries)
        self.chart.set_units(summaries)
        self._stale = False
        self._update_count()

    def _name_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(COUNT.format(count=self.proxy.rowCount()))

    def _double_clicked(self, index: QModelIndex) -> None:
        name = index.data(ID_ROLE)
        if name:
            role = {COL_LEAD: ROLE_LEAD, COL_COOP: ROLE_COOP}.get(index.column())
            self.unitActivated.emit(name, role)

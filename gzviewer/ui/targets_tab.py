"""The targets tab: every extracted target and achievement, filtered by document, kind and text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gzviewer.store.database import Database
from gzviewer.store.queries import DocumentSummary, TargetFilter, fetch_targets
from gzviewer.ui.filters import ALL_DOCUMENTS, choice_combo, debounce_timer, document_choices, refill_combo
from gzviewer.ui.models.roles import LOCATION_ROLE, SORT_ROLE
from gzviewer.ui.models.targets import (
    COL_DOCUMENT,
    COL_INDICATOR,
    COL_KIND,
    COL_QUALIFIER,
    COL_SECTION,
    COL_UNIT,
    COL_VALUE,
    COL_YEAR,
    KIND_ACHIEVEMENT,
    KIND_TARGET,
    TARGET_KIND_LABELS,
    TargetTableModel,
)
from gzviewer.ui.table_setup import configure_table

ALL_KINDS = "目标和实绩"
TEXT_PLACEHOLDER = "按指标、单位或原句筛选"
COUNT = "共 {count} 项"
COLUMN_WIDTHS = {COL_INDICATOR: 170, COL_VALUE: 72, COL_UNIT: 64, COL_QUALIFIER: 64, COL_YEAR: 56, COL_KIND: 48,
                 COL_DOCUMENT: 180, COL_SECTION: 160}


class TargetsTab(QWidget):
    locationRequested = Signal(int, object)  # document id, [(start, end)]
    filterChanged = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.document_filter = choice_combo(self, "targetDocumentFilter", [(ALL_DOCUMENTS, None)], "文件")
        self.kind_filter = choice_combo(
            self, "targetKindFilter",
            [(ALL_KINDS, None), *((TARGET_KIND_LABELS[k], k) for k in (KIND_TARGET, KIND_ACHIEVEMENT))], "类型")
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("targetTextFilter")
        self.text_filter.setPlaceholderText(TEXT_PLACEHOLDER)
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("targetCountLabel")

        self.model = TargetTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.view = QTableView(self)
        self.view.setObjectName("targetsView")
        self.view.setAccessibleName("指标")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # stored (document) order until a header is clicked
        configure_table(self.view)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            self.view.setColumnWidth(column, width)

        filters = QHBoxLayout()
        filters.addWidget(self.document_filter, 2)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)

        self._text_timer = debounce_timer(self, self.reload)
        self.document_filter.currentIndexChanged.connect(self.reload)
        self.kind_filter.currentIndexChanged.connect(self.reload)
        self.text_filter.textChanged.connect(self._text_timer.start)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        refill_combo(self.document_filter, (ALL_DOCUMENTS, None), document_choices(documents, "targets"))
        self.reload()

    def current_filter(self) -> TargetFilter:
        return TargetFilter(document_id=self.document_filter.currentData(), kind=self.kind_filter.currentData(),
                            text=self.text_filter.text().strip() or None)

    def reload(self) -> None:
        self._text_timer.stop()
        with self._database.session() as session:
            rows = fetch_targets(session, self.current_filter())
        self.model.set_rows(rows)
        self.count_label.setText(COUNT.format(count=len(rows)))
        self.filterChanged.emit()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        document_id, start, end = indexes[0].data(LOCATION_ROLE)
        self.locationRequested.emit(document_id, [(start, end)])

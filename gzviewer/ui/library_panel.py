"""The document library on the left: documents by year and kind, with a quick filter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from gzviewer.store.queries import DocumentSummary
from gzviewer.ui.models.library import LibraryModel
from gzviewer.ui.models.roles import ID_ROLE
from gzviewer.ui.title_elide import KeyPartsElideDelegate

FILTER_PLACEHOLDER = "筛选文件标题"


class LibraryPanel(QWidget):
    documentActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False  # selecting a document programmatically without announcing it
        self.model = LibraryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setPlaceholderText(FILTER_PLACEHOLDER)
        self.filter_edit.setClearButtonEnabled(True)
        self.view = QTreeView(self)
        self.view.setObjectName("libraryView")
        self.view.setAccessibleName("文件库")
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setItemDelegate(KeyPartsElideDelegate(self.view))  # titles keep issuer and year

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._activated)

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        current = self.current_document_id()
        self.model.set_documents(documents)
        self.view.expandAll()
        if current is not None:
            self.select_document(current, emit=False)

    def current_document_id(self) -> int | None:
        return self.view.currentIndex().data(ID_ROLE)

    def select_document(self, document_id: int, emit: bool = True) -> bool:
        source = self.model.index_of_document(document_id)
        if source is None:
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self._quiet = not emit
        try:
            self.view.setCurrentIndex(index)
        finally:
            self._quiet = False
        self.view.scrollTo(index)
        return True

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.view.expandAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet:
            self._activated(current)

    def _activated(self, index: QModelIndex) -> None:
        document_id = index.data(ID_ROLE)
        if document_id is not None:
            self.documentActivated.emit(document_id)

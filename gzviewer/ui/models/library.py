"""The document library: documents grouped by year, then by kind."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from gzviewer.store.queries import DocumentSummary
from gzviewer.ui.models.roles import DOCUMENT_TITLE_ROLE, ID_ROLE, KEY_PARTS_ROLE
from gzviewer.ui.title_elide import key_parts

UNKNOWN_YEAR = "年份不详"
YEAR_LABEL = "{year}年"
HEADER = "文件库"
DOCUMENT_TOOLTIP = "{title}\n类型：{kind}\n日期：{date}\n来源文件：{source}\n目录 {headings} 项，指标 {targets} 项，任务 {tasks} 项"
_MATCH_RECURSIVE = Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly
GROUP_COUNT = "{label}（{count}）"
UNKNOWN_DATE = "未知"


def _group_item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setSelectable(False)
    return item


def _document_item(document: DocumentSummary) -> QStandardItem:
    item = QStandardItem(document.display_title)
    item.setEditable(False)
    item.setData(document.id, ID_ROLE)
    item.setData(document.display_title, DOCUMENT_TITLE_ROLE)
    item.setData(key_parts(document.display_title, document.issuer, document.year), KEY_PARTS_ROLE)  # kept when cut
    item.setToolTip(DOCUMENT_TOOLTIP.format(
        title=document.display_title, kind=document.kind_label, date=document.date or UNKNOWN_DATE,
        source=document.source_name, headings=document.headings, targets=document.targets, tasks=document.tasks))
    return item


class LibraryModel(QStandardItemModel):
    """A tree year → kind → document; document items carry their id in ``ID_ROLE``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([HEADER])
        self._documents: list[DocumentSummary] = []

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([HEADER])
        self._documents = list(documents)
        root = self.invisibleRootItem()
        # list_documents orders by year (newest first), then kind.
        for year, by_year in groupby(self._documents, key=lambda d: d.year):
            by_year = list(by_year)
            label = YEAR_LABEL.format(year=year) if year else UNKNOWN_YEAR
            year_item = _group_item(GROUP_COUNT.format(label=label, count=len(by_year)))
            for _kind, by_kind in groupby(by_year, key=lambda d: d.kind):
                by_kind = list(by_kind)
                kind_item = _group_item(GROUP_COUNT.format(label=by_kind[0].kind_label, count=len(by_kind)))
                for document in by_kind:
                    kind_item.appendRow(_document_item(document))
                year_item.appendRow(kind_item)
            root.appendRow(year_item)

    @property
    def documents(self) -> list[DocumentSummary]:
        return list(self._documents)

    def index_of_document(self, document_id: int) -> QModelIndex | None:
        if self.rowCount() == 0:
            return None
        matches = self.match(self.index(0, 0), ID_ROLE, document_id, 1, _MATCH_RECURSIVE)
        return matches[0] if matches else None


"""The heading outline of one document as a tree; each item knows where its heading starts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QStandardItem, QStandardItemModel

from gzviewer.ui.models.roles import ID_ROLE, LOCATION_ROLE

HEADER = "目录"


@dataclass(frozen=True)
class OutlineEntry:
    """A heading as plain values (built from the stored Heading rows)."""

    id: int
    parent_id: int | None
    level: int
    label: str
    title: str
    start: int

    @property
    def text(self) -> str:
        return f"{self.label}{self.title}"


class OutlineModel(QStandardItemModel):
    """Headings nested under their parents; ``LOCATION_ROLE`` holds (document_id, start, start)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([HEADER])

    def set_outline(self, document_id: int | None, entries: list[OutlineEntry]) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([HEADER])
        items: dict[int, QStandardItem] = {}
        for entry in entries:
            item = QStandardItem(entry.text)
            item.setEditable(False)
            item.setToolTip(entry.text)
            item.setData(entry.id, ID_ROLE)
            item.setData((document_id, entry.start, entry.start), LOCATION_ROLE)
            parent = items.get(entry.parent_id) if entry.parent_id is not None else None
            (parent or self.invisibleRootItem()).appendRow(item)
            items[entry.id] = item

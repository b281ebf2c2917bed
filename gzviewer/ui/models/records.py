"""A read-only Qt table over a list of plain records; subclasses say what a cell shows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gzviewer.ui.models.roles import LOCATION_ROLE, SORT_ROLE

_Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class RecordTableModel(QAbstractTableModel):
    """Rows are records; ``columns`` the header texts, ``header_tooltips`` optional header tips.

    ``LOCATION_ROLE`` gives ``(document_id, start, end)`` of the text a row points at (or None),
    ``SORT_ROLE`` a sortable value (the shown text unless ``sort_value`` says otherwise).
    """

    columns: tuple[str, ...] = ()
    header_tooltips: dict[int, str] = {}
    aligned: dict[int, int] = {}  # column -> Qt alignment

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row]

    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltip(section)
        return None

    def header_tooltip(self, section: int) -> str | None:
        return self.header_tooltips.get(section)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(record, column)
        if role == SORT_ROLE:
            return self.sort_value(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.aligned.get(column)
        if role == LOCATION_ROLE:
            return self.location(record)
        return self.other_role(record, column, role)

    def display(self, record, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, record, column: int):
        return self.display(record, column)

    def tooltip(self, record, column: int) -> str | None:
        """The whole text behind a cell that may be cut off."""
        return self.display(record, column) or None

    def location(self, record) -> tuple[int, int, int] | None:
        return None

    def other_role(self, record, column: int, role: int):
        """Roles a model adds of its own (an id, a colour)."""
        return None

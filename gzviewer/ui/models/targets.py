"""Targets and achievements of the store as a table (sorted locally through a proxy)."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gzviewer.store.queries import TargetRow
from gzviewer.ui.models.roles import ID_ROLE, LOCATION_ROLE, SORT_ROLE

COLUMNS = ("指标", "数值", "单位", "限定", "年份", "类型", "文件", "章节")
COL_INDICATOR, COL_VALUE, COL_UNIT, COL_QUALIFIER, COL_YEAR, COL_KIND, COL_DOCUMENT, COL_SECTION = range(8)

KIND_TARGET = "target"
KIND_ACHIEVEMENT = "achievement"
TARGET_KIND_LABELS = {KIND_TARGET: "目标", KIND_ACHIEVEMENT: "实绩"}
METRIC_LABELS = {"growth": "增速", "level": "总量", "ratio": "比例"}
QUALIFIER_CLASS_LABELS = {"at_least": "不低于", "at_most": "不高于", "about": "约"}
RANGE_SEPARATOR = "～"
TOOLTIP = "<qt><b>{indicator}</b>（{metric}）<br>{sentence}</qt>"

_Index = QModelIndex | QPersistentModelIndex


def format_value(value: float | None, value_high: float | None) -> str:
    """2.5 → "2.5", 6.0 → "6", a range → "5～6"."""
    def plain(number: float) -> str:
        return f"{number:.6g}" if number != int(number) else str(int(number))

    if value is None:
        return ""
    return plain(value) if value_high is None else f"{plain(value)}{RANGE_SEPARATOR}{plain(value_high)}"


def qualifier_text(row: TargetRow) -> str:
    parts = [row.qualifier or QUALIFIER_CLASS_LABELS.get(row.qualifier_class, "")]
    if row.hedge:
        parts.append(row.hedge)
    return " ".join(p for p in parts if p)


class TargetTableModel(QAbstractTableModel):
    """One row per stored target; ``LOCATION_ROLE`` points at its figure in the document."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[TargetRow] = []

    def set_rows(self, rows: list[TargetRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> TargetRow:
        return self._rows[row]

    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _display(self, row: TargetRow, column: int) -> str:
        return (row.indicator, format_value(row.value, row.value_high), row.unit or "", qualifier_text(row),
                row.year or "", TARGET_KIND_LABELS.get(row.kind, row.kind), row.document_title,
                row.section or "")[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            if column == COL_VALUE:
                return row.value if row.value is not None else float("-inf")
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return TOOLTIP.format(indicator=html.escape(row.indicator),
                                  metric=METRIC_LABELS.get(row.metric, row.metric), sentence=html.escape(row.sentence))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        if role == LOCATION_ROLE:
            return (row.document_id, row.start, row.end)
        return None

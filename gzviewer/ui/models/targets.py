"""Targets and achievements of the store as a table (sorted locally through a proxy)."""

from __future__ import annotations

import html

from gzviewer.store.queries import TargetRow
from gzviewer.ui.models.records import RIGHT, RecordTableModel
from gzviewer.ui.models.roles import ID_ROLE
from gzviewer.vocabulary import (
    METRIC_LABELS,
    TARGET_KIND_ACHIEVEMENT,
    TARGET_KIND_LABELS,
    TARGET_KIND_TARGET,
    format_value,
    qualifier_label,
)

__all__ = ["KIND_ACHIEVEMENT", "KIND_TARGET", "METRIC_LABELS", "TARGET_KIND_LABELS", "TargetTableModel",
           "format_value", "qualifier_text"]

COLUMNS = ("指标", "数值", "单位", "限定", "年份", "类型", "文件", "章节")
COL_INDICATOR, COL_VALUE, COL_UNIT, COL_QUALIFIER, COL_YEAR, COL_KIND, COL_DOCUMENT, COL_SECTION = range(8)

KIND_TARGET = TARGET_KIND_TARGET
KIND_ACHIEVEMENT = TARGET_KIND_ACHIEVEMENT
TOOLTIP = "<qt><b>{indicator}</b>（{metric}）<br>{sentence}</qt>"


def qualifier_text(row: TargetRow) -> str:
    return qualifier_label(row.qualifier, row.qualifier_class, row.hedge)


class TargetTableModel(RecordTableModel):
    """One row per stored target; ``LOCATION_ROLE`` points at its figure in the document."""

    columns = COLUMNS
    aligned = {COL_VALUE: RIGHT}

    def display(self, row: TargetRow, column: int) -> str:
        return (row.indicator, format_value(row.value, row.value_high), row.unit or "", qualifier_text(row),
                row.year or "", TARGET_KIND_LABELS.get(row.kind, row.kind), row.document_title,
                row.section or "")[column]

    def sort_value(self, row: TargetRow, column: int):
        if column == COL_VALUE:
            return row.value if row.value is not None else float("-inf")
        return self.display(row, column)

    def tooltip(self, row: TargetRow, column: int) -> str:
        return TOOLTIP.format(indicator=html.escape(row.indicator),
                              metric=METRIC_LABELS.get(row.metric, row.metric), sentence=html.escape(row.sentence))

    def location(self, row: TargetRow) -> tuple[int, int, int]:
        return (row.document_id, row.start, row.end)

    def other_role(self, row: TargetRow, column: int, role: int):
        return row.id if role == ID_ROLE else None

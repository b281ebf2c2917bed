"""Per-unit task statistics (lead/cooperating counts, status breakdown, completion, overdue)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gzviewer.store.queries import STATUSES, UnitSummary
from gzviewer.ui.colors import OVERDUE_TEXT
from gzviewer.ui.models.records import CENTRE, RecordTableModel
from gzviewer.ui.models.roles import ID_ROLE, UNIT_COUNTS_ROLE

FIXED_COLUMNS = ("单位", "类型", "牵头任务", "配合任务")
TAIL_COLUMNS = ("完成率", "逾期")
COLUMNS = (*FIXED_COLUMNS, *STATUSES, *TAIL_COLUMNS)
COL_NAME, COL_KIND, COL_LEAD, COL_COOP = range(4)
COL_FIRST_STATUS = len(FIXED_COLUMNS)
COL_RATE = COL_FIRST_STATUS + len(STATUSES)
COL_OVERDUE = COL_RATE + 1
NO_LEAD_TASKS = "—"
HEADER_TOOLTIPS = {
    COL_RATE: "已完成的牵头任务占全部牵头任务的比例",
    COL_OVERDUE: "超过完成时限且未完成的牵头任务",
    COL_FIRST_STATUS: "状态统计只计该单位牵头的任务",
}

def rate_text(summary: UnitSummary) -> str:
    return f"{summary.completion_rate:.0%}" if summary.lead else NO_LEAD_TASKS


class UnitSummaryModel(RecordTableModel):
    """One row per unit; ``ID_ROLE`` is the unit name, ``SORT_ROLE`` numbers for numeric columns."""

    columns = COLUMNS
    header_tooltips = HEADER_TOOLTIPS
    aligned = dict.fromkeys(range(COL_LEAD, len(COLUMNS)), CENTRE)

    def set_summaries(self, rows: list[UnitSummary]) -> None:
        self.set_rows(rows)

    @property
    def summaries(self) -> list[UnitSummary]:
        return list(self._rows)

    def header_tooltip(self, section: int) -> str | None:
        if COL_FIRST_STATUS <= section < COL_RATE:
            return HEADER_TOOLTIPS[COL_FIRST_STATUS]
        return HEADER_TOOLTIPS.get(section)

    def _value(self, row: UnitSummary, column: int):
        if column == COL_NAME:
            return row.name
        if column == COL_KIND:
            return row.kind
        if column == COL_LEAD:
            return row.lead
        if column == COL_COOP:
            return row.coop
        if column == COL_RATE:
            return row.completion_rate if row.lead else -1.0
        if column == COL_OVERDUE:
            return row.overdue
        return row.statuses.get(STATUSES[column - COL_FIRST_STATUS], 0)

    def display(self, row: UnitSummary, column: int) -> str:
        return rate_text(row) if column == COL_RATE else str(self._value(row, column))

    def sort_value(self, row: UnitSummary, column: int):
        return self._value(row, column)

    def tooltip(self, row: UnitSummary, column: int) -> None:
        return None

    def other_role(self, row: UnitSummary, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_OVERDUE and row.overdue:
            return OVERDUE_TEXT
        if role == ID_ROLE:
            return row.name
        if role == UNIT_COUNTS_ROLE:
            return (row.lead, row.coop)
        return None

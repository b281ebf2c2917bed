"""Qt models of the supervision cycle: a task's history, and a round's status per lead unit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gzviewer.services.rounds import UnitRoundStatus
from gzviewer.store.history import HistoryEntry
from gzviewer.ui.colors import OVERDUE_TEXT
from gzviewer.ui.models.records import CENTRE, RecordTableModel

EMPTY = "（空）"
HISTORY_COLUMNS = ("时间", "项目", "原内容", "新内容", "来源", "操作人", "原因")
H_TIME, H_FIELD, H_OLD, H_NEW, H_SOURCE, H_USER, H_REASON = range(len(HISTORY_COLUMNS))

ROUND_COLUMNS = ("牵头单位", "返回情况", "牵头任务", "已填报", "本轮有变化", "无变化", "逾期或滞后", "未填报")
R_UNIT, R_RETURNED, R_TASKS, R_REPORTED, R_CHANGED, R_UNCHANGED, R_LATE, R_MISSING = range(len(ROUND_COLUMNS))
RETURNED = "已返回"
RETURNED_TWICE = "已返回（{count} 份）"
NOT_RETURNED = "未返回"


class TaskHistoryModel(RecordTableModel):
    """The history entries of one task, newest first."""

    columns = HISTORY_COLUMNS
    aligned = {H_TIME: CENTRE, H_FIELD: CENTRE, H_USER: CENTRE}

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.set_rows(list(reversed(entries)))

    def display(self, record: HistoryEntry, column: int) -> str:
        if column == H_TIME:
            return f"{record.at:%Y-%m-%d %H:%M}"
        if column == H_FIELD:
            return record.field_label
        if column == H_OLD:
            return record.old or EMPTY
        if column == H_NEW:
            return record.new or EMPTY
        if column == H_SOURCE:
            return record.source_label
        if column == H_USER:
            return record.user or ""
        return record.reason or ""

    def tooltip(self, record: HistoryEntry, column: int) -> str | None:
        if column in (H_OLD, H_NEW, H_SOURCE, H_REASON):
            return self.display(record, column) or None
        return None


class RoundStatusModel(RecordTableModel):
    """One row per lead unit of a round; units that did not return first."""

    columns = ROUND_COLUMNS
    aligned = dict.fromkeys(range(R_RETURNED, len(ROUND_COLUMNS)), CENTRE)

    def set_units(self, units: list[UnitRoundStatus]) -> None:
        self.set_rows(units)

    def display(self, record: UnitRoundStatus, column: int) -> str:
        if column == R_UNIT:
            return record.unit
        if column == R_RETURNED:
            if not record.returned:
                return NOT_RETURNED
            return RETURNED if record.returns == 1 else RETURNED_TWICE.format(count=record.returns)
        value = {R_TASKS: record.tasks, R_REPORTED: record.reported, R_CHANGED: record.changed,
                 R_UNCHANGED: record.unchanged, R_LATE: record.late, R_MISSING: len(record.not_reported)}[column]
        return str(value)

    def sort_value(self, record: UnitRoundStatus, column: int):
        if column in (R_UNIT, R_RETURNED):
            return self.display(record, column)
        return int(self.display(record, column))

    def tooltip(self, record: UnitRoundStatus, column: int) -> str | None:
        if column == R_RETURNED and record.files:
            return "\n".join(record.files)
        return None

    def other_role(self, record: UnitRoundStatus, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole:
            if (column == R_RETURNED and not record.returned) or (column == R_LATE and record.late):
                return OVERDUE_TEXT
        return None

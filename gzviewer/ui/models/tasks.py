"""The tasks table: filtered and sorted in SQL, rows fetched lazily in pages.

For 100,000 tasks only the id list of the current filter is held (``fetch_task_ids``);
a row's values are fetched when the view first asks for it, together with the ~200 rows
around it (``fetch_tasks_by_ids``), and kept in a bounded cache.

The unit filter is applied in memory: the ids of every other filter are kept, and choosing a
unit (or its role) only reads that unit's task ids from an index (``unit_task_ids``) and keeps
the listed ids among them. A correlated subquery per task took ~0.5 s at 100,000 tasks.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from gzviewer.errors import GzviewerError
from gzviewer.store.database import Database
from gzviewer.store.history import SOURCE_WINDOW, ChangeSource
from gzviewer.store.queries import (
    DUE_SOON_DAYS,
    DUE_STATE_OVERDUE,
    DUE_STATE_SOON,
    ROLE_ALL,
    STATUSES,
    ReviewChangedError,
    TaskFilter,
    TaskRow,
    fetch_task_ids,
    fetch_tasks_by_ids,
    save_review,
    task_due_state,
)
from gzviewer.store.unit_membership import unit_task_ids
from gzviewer.ui.colors import DUE_SOON_BACKGROUND, OVERDUE_BACKGROUND, OVERDUE_TEXT
from gzviewer.ui.models.roles import DUE_STATE_ROLE, EDIT_SESSION_ROLE, ID_ROLE, SEARCH_WORDS_ROLE
from gzviewer.ui.undo import ReviewEditCommand


@dataclass(frozen=True)
class TaskColumn:
    key: str  # TaskRow attribute and SORTABLE_TASK_COLUMNS key
    header: str
    editable: bool = False
    centered: bool = False


COLUMNS = (
    TaskColumn("no", "序号", centered=True),
    TaskColumn("text", "重点工作"),
    TaskColumn("leader", "分管领导", centered=True),
    TaskColumn("lead_units", "牵头单位"),
    TaskColumn("coop_units", "配合单位"),
    TaskColumn("status", "状态", editable=True, centered=True),
    TaskColumn("progress", "进展情况", editable=True),
    TaskColumn("due_date", "完成时限", editable=True, centered=True),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
COL_TEXT = COLUMN_INDEX["text"]
COL_STATUS = COLUMN_INDEX["status"]
COL_PROGRESS = COLUMN_INDEX["progress"]
COL_DUE = COLUMN_INDEX["due_date"]

PAGE_SIZE = 200
CACHE_LIMIT = 3000  # rows kept in memory; older pages are dropped first
UNIT_CACHE_LIMIT = 16  # task id sets of the units chosen last
SAVE_FAILED = "保存失败（任务 {no}）：{reason}"
TEXT_TOOLTIP = "<qt>{section}<b>{no}.</b> {text}{remark}</qt>"
REMARK_TOOLTIP = "<br><i>备注：{remark}</i>"
DUE_TOOLTIPS = {DUE_STATE_OVERDUE: "已超过完成时限，尚未完成", DUE_STATE_SOON: "{days}天内到期"}
DUE_DATE_TOOLTIP = "到期日：{due}"

_Index = QModelIndex | QPersistentModelIndex


def normalize_review_value(field: str, value) -> object:
    """The stored form of an edited value; raises ValueError for an invalid one."""
    if field == "status":
        if value not in STATUSES:
            raise ValueError(value)
        return value
    if field == "due_date":
        if isinstance(value, QDate):
            return value.toString(Qt.DateFormat.ISODate) if value.isValid() else None
        if isinstance(value, date):
            return value.isoformat()
        text = (value or "").strip()
        if text:
            date.fromisoformat(text)  # only ISO dates are accepted from the editor
        return text or None
    return (value or "").rstrip()


class TaskTableModel(QAbstractTableModel):
    """Tasks of the current TaskFilter in the current order; edits go through ``undo_stack``."""

    countChanged = Signal(int)
    reviewSaved = Signal(int)  # task id
    saveFailed = Signal(str)

    def __init__(self, database: Database, undo_stack: QUndoStack | None = None, parent=None) -> None:
        super().__init__(parent)
        self._database = database
        self._undo_stack = undo_stack
        self._filter = TaskFilter()
        self._order = "no"
        self._descending = False
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: OrderedDict[int, TaskRow] = OrderedDict()
        self._saving = 0  # saves under way (Qt may re-enter a save through an editor's commit)
        self._written_revisions: dict[int, int] = {}  # task id → review revision after our last write
        self._base_key: tuple | None = None  # (filter without unit, order, descending) of _base_ids
        self._base_ids: list[int] = []
        self._unit_ids: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self.rows_fetched = 0  # rows read from the store since the last reset (tests watch it)
        self.today: date | None = None  # fixed in tests; None means the real date
        self.soon_days = DUE_SOON_DAYS  # "due soon" window in days (a setting)
        self.user_name: str | None = None  # recorded in the history (None: the OS user name)

    # --- filter, order, loading ------------------------------------------------------------------

    @property
    def task_filter(self) -> TaskFilter:
        return self._filter

    @property
    def order(self) -> tuple[str, bool]:
        return self._order, self._descending

    def set_filter(self, task_filter: TaskFilter) -> None:
        """Show ``task_filter``; setting the current filter again reads the store again."""
        if task_filter == self._filter:
            self.forget_ids()
        self._filter = task_filter
        self.reload()

    def forget_ids(self) -> None:
        """Drop the kept id lists (the stored tasks, units or reviews changed)."""
        self._base_key = None
        self._base_ids = []
        self._unit_ids.clear()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._order = COLUMNS[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def reload(self) -> None:
        """Fetch the id list again (after a filter or order change; ``forget_ids`` first after a data change)."""
        ids = self._filtered_ids()
        self.beginResetModel()
        self._ids = ids
        self._row_of = None
        self._cache.clear()
        self.rows_fetched = 0
        self.endResetModel()
        self.countChanged.emit(len(self._ids))

    def _filtered_ids(self) -> list[int]:
        base_filter = replace(self._filter, unit=None, role=ROLE_ALL)
        key = (base_filter, self._order, self._descending)
        with self._database.session() as session:
            if key != self._base_key:
                self._base_ids = fetch_task_ids(session, base_filter, self._order, self._descending)
                self._base_key = key
            if not self._filter.unit:
                return list(self._base_ids)
            members = self._unit_task_ids(session, self._filter.unit, self._filter.role)
        return [task_id for task_id in self._base_ids if task_id in members]

    def _unit_task_ids(self, session, unit: str, role: str) -> frozenset[int]:
        key = (unit, role)
        members = self._unit_ids.get(key)
        if members is None:
            members = self._unit_ids[key] = unit_task_ids(session, unit, role)
            while len(self._unit_ids) > UNIT_CACHE_LIMIT:
                self._unit_ids.popitem(last=False)
        else:
            self._unit_ids.move_to_end(key)
        return members

    # --- lookup ----------------------------------------------------------------------------------

    @property
    def task_ids(self) -> list[int]:
        return list(self._ids)

    def task_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, task_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {task_id: row for row, task_id in enumerate(self._ids)}
        return self._row_of.get(task_id)

    def task_at(self, row: int) -> TaskRow | None:
        if not 0 <= row < len(self._ids):
            return None
        task_id = self._ids[row]
        task = self._cache.get(task_id)
        if task is None:
            self._fetch_page(row)
            task = self._cache.get(task_id)
        return task

    @property
    def cached_rows(self) -> int:
        return len(self._cache)

    def _fetch_page(self, row: int) -> None:
        first = max(0, row - PAGE_SIZE // 2)
        wanted = [i for i in self._ids[first:first + PAGE_SIZE] if i not in self._cache]
        with self._database.session() as session:
            rows = fetch_tasks_by_ids(session, wanted)
        self.rows_fetched += len(rows)
        for task in rows:
            self._cache[task.id] = task
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    def reload_task(self, task_id: int) -> None:
        """Read one task again (after its review changed) and repaint its row."""
        with self._database.session() as session:
            rows = fetch_tasks_by_ids(session, [task_id])
        row = self.row_of(task_id)
        if rows:
            self._cache[task_id] = rows[0]
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # --- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and COLUMNS[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _due_state(self, task: TaskRow) -> str | None:
        return task_due_state(task.due_date, task.status, self.today, self.soon_days)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Called ~1,000 times per repaint of the table: the roles nobody answers are turned away
        # first, and a cached row is found without the page-fetching path.
        handler = _ROW_ROLES.get(role)
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._ids):
            return None
        if handler is None:
            if role == ID_ROLE:
                return self._ids[row]
            if role == SEARCH_WORDS_ROLE:
                return list(self._filter.search_words) if index.column() == COL_TEXT else []
            return None
        task = self._cache.get(self._ids[row]) or self.task_at(row)
        if task is None:
            return None
        return handler(self, task, index.column())

    def _display(self, task: TaskRow, column: int):
        key = COLUMNS[column].key
        value = task.shown_due if column == COL_DUE else getattr(task, key)
        return "" if value is None else str(value)

    def _edit(self, task: TaskRow, column: int):
        return getattr(task, COLUMNS[column].key) or ""

    def _tooltip(self, task: TaskRow, column: int):
        if column == COL_TEXT:
            section = f"{html.escape(task.section)}<br>" if task.section else ""
            remark = REMARK_TOOLTIP.format(remark=html.escape(task.remark)) if task.remark else ""
            return TEXT_TOOLTIP.format(section=section, no=task.no, text=html.escape(task.text), remark=remark)
        if column == COL_DUE:
            lines = [DUE_TOOLTIPS.get(self._due_state(task), "").format(days=self.soon_days)]
            if task.due_date and task.due_date != task.shown_due:
                lines.append(DUE_DATE_TOOLTIP.format(due=task.due_date))
            return "\n".join(line for line in lines if line) or None
        value = self._display(task, column)
        return value or None

    def _background(self, task: TaskRow, column: int):
        state = self._due_state(task)
        if state == DUE_STATE_OVERDUE:
            return OVERDUE_BACKGROUND
        if state == DUE_STATE_SOON:
            return DUE_SOON_BACKGROUND
        return None

    def _foreground(self, task: TaskRow, column: int):
        if column == COL_DUE and self._due_state(task) == DUE_STATE_OVERDUE:
            return OVERDUE_TEXT
        return None

    def _alignment(self, task: TaskRow, column: int):
        if COLUMNS[column].centered:
            return int(Qt.AlignmentFlag.AlignCenter)
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def _due_state_role(self, task: TaskRow, column: int):
        return self._due_state(task)

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not COLUMNS[index.column()].editable:
            return False
        edit_session = None
        if role == EDIT_SESSION_ROLE:
            value, edit_session = value
        elif role != Qt.ItemDataRole.EditRole:
            return False
        task = self.task_at(index.row())
        if task is None:
            return False
        return self.edit_review(task, COLUMNS[index.column()].key, value, edit_session)

    def edit_review(self, task: TaskRow, field: str, value, edit_session: object | None = None) -> bool:
        """Change one review field of ``task`` as the user asked (a table cell or the detail panel):
        one undo step on ``undo_stack``. False when the value is invalid or unchanged."""
        try:
            new = normalize_review_value(field, value)
        except ValueError:
            return False
        old = getattr(task, field)
        if (old or None) == (new or None):
            return False
        # Saved only if the review is still at the revision shown, so another person's newer save
        # is never overwritten unseen. A save that Qt re-enters while this window's own save is
        # under way (an editor committing on focus loss) is this window's edit: no check there.
        base_revision = None if self._saving else task.revision
        if self._undo_stack is None:
            return self.apply_review(task.id, field, new, base_revision) is not None
        self._undo_stack.push(ReviewEditCommand(self, task.id, task.no, field, old, new, edit_session,
                                                base_revision=base_revision))
        return True

    # --- saving ----------------------------------------------------------------------------------

    def apply_review(self, task_id: int, field: str, value, expected_revision: int | None = None) -> int | None:
        """Save one review field at once, in its own session, and repaint the task's row.

        Returns the review's revision after the save, or None when it failed (the user is told);
        with ``expected_revision`` (undo, redo) it fails if the review moved since.
        """
        self._saving += 1
        try:
            with self._database.session() as session:
                source = ChangeSource(SOURCE_WINDOW, user=self.user_name)
                revision = save_review(session, task_id, expected_revision=expected_revision, source=source,
                                       **{field: value}).revision
        except (GzviewerError, SQLAlchemyError, ValueError) as exc:
            task = self._cache.get(task_id)
            self.saveFailed.emit(SAVE_FAILED.format(no=task.no if task else task_id, reason=exc))
            if isinstance(exc, ReviewChangedError):
                self.reload_task(task_id)  # show the newer value that was kept
            return None
        finally:
            self._saving -= 1
        self._written_revisions[task_id] = revision
        self._base_key = None  # a status or due date filter may no longer hold
        self.reload_task(task_id)
        self.reviewSaved.emit(task_id)
        return revision

    def written_revision(self, task_id: int) -> int | None:
        return self._written_revisions.get(task_id)


_ROW_ROLES = {
    Qt.ItemDataRole.DisplayRole: TaskTableModel._display,
    Qt.ItemDataRole.EditRole: TaskTableModel._edit,
    Qt.ItemDataRole.ToolTipRole: TaskTableModel._tooltip,
    Qt.ItemDataRole.BackgroundRole: TaskTableModel._background,
    Qt.ItemDataRole.ForegroundRole: TaskTableModel._foreground,
    Qt.ItemDataRole.TextAlignmentRole: TaskTableModel._alignment,
    DUE_STATE_ROLE: TaskTableModel._due_state_role,
}

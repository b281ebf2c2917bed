"""The selected task in full, below the tasks table: its text wrapped, its section, leader, units
and deadline, whether it was corrected or left the notice; and where the officer corrects it
(save, add, delete, split, merge: each one undo step) and writes its progress.

The panel builds no SQL and changes nothing itself: corrections go through ``TaskEditing``
(``services.task_edits``), status and progress through the table model's review path
(``TaskTableModel.edit_review``), so undo and the conflict checks are the table's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gzviewer.errors import GzviewerError
from gzviewer.services.revisions import CORRECTED, NOT_IN_NOTICE
from gzviewer.store.database import Database
from gzviewer.store.models import TASK_ORIGIN_MANUAL
from gzviewer.store.queries import STATUSES, TaskRow, fetch_tasks_by_ids
from gzviewer.store.task_corrections import TaskState, task_correction, task_state
from gzviewer.ui import task_dialogs
from gzviewer.ui.models.tasks import COLUMN_INDEX, COLUMNS, TaskTableModel
from gzviewer.ui.task_editing import TaskEditing
from gzviewer.ui.unit_completer import UNIT_SEPARATOR, UnitListCompleter, UnitListEdit

FIELD_LABELS = {key: COLUMNS[COLUMN_INDEX[key]].header for key in ("text", "leader", "lead_units", "coop_units",
                                                                   "status", "progress")}
FIELD_LABELS["deadline"] = COLUMNS[COLUMN_INDEX["due_date"]].header
NOTHING_SELECTED = "在上方表格中选择一项任务，这里显示它的全文，并可更正内容、分管领导、单位和完成时限。"
TASK_GONE = "该任务已删除或不存在。"
HEADING = "<b>第 {no} 项</b>{place}"
MARK = '&nbsp;<span style="background:{color}; color:white">&nbsp;{text}&nbsp;</span>'
CORRECTED_COLOR = "#2f6fd1"
NOT_IN_NOTICE_COLOR = "#8a8f98"
MANUAL = "手工新增"
WAS = "{field}（原为：{value}）"
WAS_LINE = "已更正：{items}"
EMPTY_VALUE = "空"
ADDED = "增加"
REMOVED = "删去"
REORDERED = "调整顺序"
REVIEW_DUE = "表中“完成时限”按审阅设定的 {due} 显示"
SAVE = "保存更正"
DISCARD = "放弃修改"
SAVE_PROGRESS = "保存进展"
ADD = "新增任务"
SPLIT = "拆分…"
MERGE_SELECTED = "合并所选（{count} 项）"
MERGE_NEXT = "与下一项合并"
DELETE = "删除任务"
TIPS = {
    SAVE: "把上面修改的内容、分管领导、单位和完成时限保存为更正（重新导入通知后保留；Ctrl+Z 撤销）",
    DISCARD: "放弃尚未保存的修改",
    ADD: "在此任务之后新增一项任务",
    SPLIT: "把此任务拆分为几项（每行一项）",
    MERGE_NEXT: "把此任务与表格中的下一项合并为一项；在表格中按住 Ctrl 或 Shift 可选中多项一起合并",
    DELETE: "删除此任务（确认后删除；可撤销）",
    SAVE_PROGRESS: "保存进展情况（与表格中编辑相同，Ctrl+Z 撤销）",
}
UNITS_PLACEHOLDER = "多个单位用“、”分隔，输入任意部分可选择"
PROGRESS_PLACEHOLDER = "进展情况（可多行，点“保存进展”保存）"
TEXT_MIN_LINES = 3
PROGRESS_MIN_LINES = 2
COOP_LINES = 2
MERGE_NOT_POSSIBLE = "没有可合并的下一项任务"


@dataclass(frozen=True)
class TaskDetails:
    """A task as the panel shows it (plain values)."""

    state: TaskState
    row: TaskRow  # its review (status, progress, due date as shown in the table)
    parsed: dict  # what the parser read, for the corrected fields
    overrides: dict  # the corrected fields


def load_task_details(database: Database, task_id: int) -> TaskDetails | None:
    """The task, or None when it was deleted (by hand) or no longer exists."""
    try:
        with database.session() as session:
            state = task_state(session, task_id)
            rows = fetch_tasks_by_ids(session, [task_id])
            correction = task_correction(session, task_id)
    except GzviewerError:
        return None
    if state.deleted or not rows:
        return None
    return TaskDetails(state, rows[0], correction.parsed, correction.overrides)


class TableContext(Protocol):
    """What the panel needs to know of the table beside it."""

    def selected_task_ids(self) -> list[int]: ...

    def task_after(self, task_id: int) -> int | None: ...


def _lines_height(edit: QPlainTextEdit, lines: int) -> int:
    margins = edit.contentsMargins()
    return round(edit.fontMetrics().lineSpacing() * lines + 2 * edit.document().documentMargin()
                 + margins.top() + margins.bottom())


def _list_change(label: str, before: list[str], after: list[str]) -> str:
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    parts = [f"{word} {_joined(names)}" for word, names in ((ADDED, added), (REMOVED, removed)) if names]
    return f"{label}（{'，'.join(parts) or REORDERED}）"


def _joined(names) -> str:
    return UNIT_SEPARATOR.join(names)


def _shown(value) -> str:
    if isinstance(value, list | tuple):
        value = _joined(value)
    return value or EMPTY_VALUE


class TaskDetailPanel(QScrollArea):
    """The detail and correction panel; the splitter pane below the tasks table."""

    def __init__(self, database: Database, editing: TaskEditing, model: TaskTableModel, table: TableContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskDetail")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._database = database
        self._editing = editing
        self._model = model
        self._table = table
        self._details: TaskDetails | None = None
        self._unit_names: list[str] = []
        self._directory_names: list[str] = []
        self._build()
        self._connect()
        self.show_task(None)

    # --- construction ------------------------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget(self)
        self.heading = QLabel(body)
        self.heading.setObjectName("taskDetailHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.correction_note = QLabel(body)
        self.correction_note.setObjectName("taskCorrectionNote")
        self.correction_note.setWordWrap(True)
        self.correction_note.setStyleSheet("color: gray")
        self.correction_note.setTextFormat(Qt.TextFormat.PlainText)
        self.text_edit = QPlainTextEdit(body)
        self.text_edit.setObjectName("taskTextEdit")
        self.text_edit.setAccessibleName(FIELD_LABELS["text"])
        self.text_edit.setMinimumHeight(_lines_height(self.text_edit, TEXT_MIN_LINES))
        self.leader_edit = QLineEdit(body)
        self.leader_edit.setObjectName("taskLeaderEdit")
        self.leader_edit.setAccessibleName(FIELD_LABELS["leader"])
        self.leader_completer = QCompleter([], self.leader_edit)
        self.leader_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.leader_edit.setCompleter(self.leader_completer)
        self.deadline_edit = QLineEdit(body)
        self.deadline_edit.setObjectName("taskDeadlineEdit")
        self.deadline_edit.setAccessibleName(FIELD_LABELS["deadline"])
        self.lead_completer = UnitListCompleter(self)
        self.coop_completer = UnitListCompleter(self)
        self.lead_edit = UnitListEdit(body, "taskLeadEdit", FIELD_LABELS["lead_units"], self.lead_completer)
        self.coop_edit = UnitListEdit(body, "taskCoopEdit", FIELD_LABELS["coop_units"], self.coop_completer,
                                      lines=COOP_LINES)
        for edit in (self.lead_edit, self.coop_edit):
            edit.setPlaceholderText(UNITS_PLACEHOLDER)
        self.status_combo = QComboBox(body)
        self.status_combo.setObjectName("taskStatusEdit")
        self.status_combo.setAccessibleName(FIELD_LABELS["status"])
        self.status_combo.addItems(list(STATUSES))
        self.progress_edit = QPlainTextEdit(body)
        self.progress_edit.setObjectName("taskProgressEdit")
        self.progress_edit.setAccessibleName(FIELD_LABELS["progress"])
        self.progress_edit.setPlaceholderText(PROGRESS_PLACEHOLDER)
        self.progress_edit.setMinimumHeight(_lines_height(self.progress_edit, PROGRESS_MIN_LINES))
        # Their preferred height must not make the pane scroll: they take the room there is, above a minimum.
        for edit in (self.text_edit, self.progress_edit):
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

        self.save_button = self._button(body, SAVE, "saveCorrection")
        self.discard_button = self._button(body, DISCARD, "discardCorrection")
        self.add_button = self._button(body, ADD, "addTask")
        self.split_button = self._button(body, SPLIT, "splitTask")
        self.merge_button = self._button(body, MERGE_NEXT, "mergeTasks")
        self.delete_button = self._button(body, DELETE, "deleteTask")
        self.save_progress_button = self._button(body, SAVE_PROGRESS, "saveProgress")
        self.save_button.setDefault(True)

        # The text beside the review (status, progress); the correctable fields below, full width.
        review = QGridLayout()
        review.setHorizontalSpacing(6)
        review.setVerticalSpacing(4)
        self._add_row(review, 0, "status", self.status_combo, 1)
        review.addWidget(self.save_progress_button, 0, 3)
        review.setColumnStretch(2, 1)
        review.addWidget(self.progress_edit, 1, 0, 1, 4)
        review.setRowStretch(1, 1)
        top = QHBoxLayout()
        top.addWidget(self.text_edit, 3)
        top.addLayout(review, 2)
        fields = QGridLayout()
        fields.setHorizontalSpacing(6)
        fields.setVerticalSpacing(4)
        self._add_row(fields, 0, "leader", self.leader_edit, 1)
        self._add_row(fields, 0, "deadline", self.deadline_edit, 3)
        self._add_row(fields, 1, "lead_units", self.lead_edit, 1, span=3)
        self._add_row(fields, 2, "coop_units", self.coop_edit, 1, span=3, alignment=Qt.AlignmentFlag.AlignTop)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, 1)
        edit_buttons = QHBoxLayout()
        for button in (self.save_button, self.discard_button):
            edit_buttons.addWidget(button)
        edit_buttons.addStretch(1)
        for button in (self.add_button, self.split_button, self.merge_button, self.delete_button):
            edit_buttons.addWidget(button)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(3)
        layout.addWidget(self.heading)
        layout.addLayout(top, 1)
        layout.addLayout(fields)
        layout.addWidget(self.correction_note)
        layout.addLayout(edit_buttons)
        self.setWidget(body)

    @staticmethod
    def _button(parent: QWidget, text: str, name: str) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setAutoDefault(False)
        if text in TIPS:
            button.setToolTip(TIPS[text])
        return button

    @staticmethod
    def _add_row(grid: QGridLayout, row: int, key: str, widget: QWidget, column: int, span: int = 1,
                 alignment: Qt.AlignmentFlag | None = None) -> None:
        label = QLabel(FIELD_LABELS[key])
        label.setBuddy(widget)
        if alignment is not None:
            grid.addWidget(label, row, column - 1, alignment)
        else:
            grid.addWidget(label, row, column - 1)
        grid.addWidget(widget, row, column, 1, span)

    def _connect(self) -> None:
        for edit in (self.leader_edit, self.deadline_edit, self.lead_edit, self.coop_edit):
            edit.textChanged.connect(self._update_buttons)  # QLineEdit's (str) or QPlainTextEdit's ()
        self.text_edit.textChanged.connect(self._update_buttons)
        self.progress_edit.textChanged.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save_correction)
        self.discard_button.clicked.connect(self.discard_changes)
        self.add_button.clicked.connect(self.add_task)
        self.split_button.clicked.connect(self.split_task)
        self.merge_button.clicked.connect(self.merge_tasks)
        self.delete_button.clicked.connect(self.delete_task)
        self.save_progress_button.clicked.connect(self.save_progress)
        self.status_combo.activated.connect(self._status_chosen)
        self._model.reviewSaved.connect(self._review_saved)

    # --- what is shown -------------------------------------------------------------------------------

    @property
    def task_id(self) -> int | None:
        return self._details.state.id if self._details else None

    @property
    def details(self) -> TaskDetails | None:
        return self._details

    def set_known_names(self, units: list[str], leaders: list[str]) -> None:
        """The names the completers offer: units of the stored tasks first, then (once a task is
        shown, so that start-up does not read it) the unit directory's."""
        self._unit_names = list(units)
        self._offer_units()
        self.leader_completer.model().setStringList(leaders)

    def _offer_units(self) -> None:
        names = [*self._unit_names, *self._directory_names]
        self.lead_completer.set_names(names)
        self.coop_completer.set_names(names)

    def _add_directory_names(self) -> None:
        if self._directory_names:
            return
        from gzviewer.parse.units import UnitDirectory  # the bundled directory, read once

        self._directory_names = UnitDirectory.load().all_names()
        self._offer_units()

    def show_task(self, task_id: int | None, commit: bool = True) -> None:
        """Show ``task_id`` (None: nothing). Unless ``commit`` is False, what was typed for the
        task shown before and not saved is saved first."""
        if commit:
            self.commit_pending(deferred=True)
        details = load_task_details(self._database, task_id) if task_id is not None else None
        if details is not None:
            self._add_directory_names()
        self._details = details
        self._fill(details, gone=task_id is not None and details is None)

    def reload(self) -> None:
        """Read the shown task again (after a correction or its undo)."""
        task_id = self.task_id
        self._details = load_task_details(self._database, task_id) if task_id is not None else None
        self._fill(self._details, gone=task_id is not None and self._details is None)

    def _fill(self, details: TaskDetails | None, gone: bool = False) -> None:
        state = details.state if details else None
        self.heading.setText(self._heading_html(details) if details else (TASK_GONE if gone else NOTHING_SELECTED))
        for widget, value in ((self.leader_edit, state.leader if state else ""),
                              (self.deadline_edit, state.deadline if state else ""),
                              (self.lead_edit, _joined(state.lead_units) if state else ""),
                              (self.coop_edit, _joined(state.coop_units) if state else "")):
            widget.setText(value or "")
            widget.setCursorPosition(0)
            widget.setToolTip(value or "")
        self.text_edit.setPlainText(state.text if state else "")
        self.progress_edit.setPlainText(details.row.progress if details else "")
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findText(details.row.status)) if details else 0)
        self.correction_note.setText(self._correction_text(details) if details else "")
        self.correction_note.setVisible(bool(self.correction_note.text()))
        self.deadline_edit.setToolTip(self._deadline_tip(details))
        for widget in (self.text_edit, self.leader_edit, self.deadline_edit, self.lead_edit, self.coop_edit,
                       self.status_combo, self.progress_edit):
            widget.setEnabled(details is not None)
        self.update_actions()

    @staticmethod
    def _heading_html(details: TaskDetails) -> str:
        state = details.state
        place = "".join(f" · {html.escape(p)}" for p in (state.section, state.category) if p)
        marks = ""
        if state.origin == TASK_ORIGIN_MANUAL:
            marks += MARK.format(color=CORRECTED_COLOR, text=MANUAL)
        elif state.corrected:
            marks += MARK.format(color=CORRECTED_COLOR, text=CORRECTED)
        if not state.in_notice:
            marks += MARK.format(color=NOT_IN_NOTICE_COLOR, text=NOT_IN_NOTICE)
        return HEADING.format(no=state.no, place=place) + marks

    @staticmethod
    def _correction_text(details: TaskDetails) -> str:
        """What was corrected, briefly: the value read from the notice, or for unit lists the
        names added and taken away (a list of twenty names must not fill the pane)."""
        if details.state.origin == TASK_ORIGIN_MANUAL or not details.overrides:
            return ""
        items = []
        for key in ("text", "leader", "lead_units", "coop_units", "deadline"):
            if key not in details.overrides:
                continue
            if key == "text":
                items.append(FIELD_LABELS[key])
            elif key in ("lead_units", "coop_units"):
                items.append(_list_change(FIELD_LABELS[key], details.parsed.get(key) or [], details.overrides[key]))
            else:
                items.append(WAS.format(field=FIELD_LABELS[key], value=_shown(details.parsed.get(key))))
        return WAS_LINE.format(items="；".join(items)) if items else ""

    @staticmethod
    def _deadline_tip(details: TaskDetails | None) -> str:
        if details is None:
            return ""
        due = details.row.due_date
        return REVIEW_DUE.format(due=due) if due and due != details.state.deadline else ""

    # --- state of the fields ---------------------------------------------------------------------------

    def pending_changes(self) -> dict:
        """The correctable fields typed but not yet saved (field → value as typed)."""
        if self._details is None:
            return {}
        state = self._details.state
        typed = {"text": self.text_edit.toPlainText().strip(), "leader": self.leader_edit.text().strip(),
                 "deadline": self.deadline_edit.text().strip(), "lead_units": self.lead_edit.text().strip(),
                 "coop_units": self.coop_edit.text().strip()}
        shown = {"text": state.text, "leader": state.leader or "", "deadline": state.deadline or "",
                 "lead_units": _joined(state.lead_units), "coop_units": _joined(state.coop_units)}
        return {key: value for key, value in typed.items() if value != shown[key]}

    def progress_changed(self) -> bool:
        return self._details is not None and self.progress_edit.toPlainText().rstrip() != self._details.row.progress

    def _update_buttons(self) -> None:
        dirty = bool(self.pending_changes())
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty)
        self.save_progress_button.setEnabled(self.progress_changed())

    def update_actions(self) -> None:
        """Enable the actions for the task shown and the rows selected in the table."""
        shown = self._details is not None
        selected = self._table.selected_task_ids()
        self.add_button.setEnabled(shown)
        self.split_button.setEnabled(shown)
        self.delete_button.setEnabled(shown)
        if len(selected) > 1:
            self.merge_button.setText(MERGE_SELECTED.format(count=len(selected)))
            self.merge_button.setToolTip(MERGE_SELECTED.format(count=len(selected)))
            self.merge_button.setEnabled(True)
        else:
            self.merge_button.setText(MERGE_NEXT)
            self.merge_button.setToolTip(TIPS[MERGE_NEXT])
            self.merge_button.setEnabled(shown and self._table.task_after(self.task_id) is not None)
        self._update_buttons()

    # --- corrections -----------------------------------------------------------------------------------

    def save_correction(self) -> bool:
        changes = self.pending_changes()
        if not changes or self._details is None:
            return False
        return self._editing.edit(self._details.state.id, **changes)

    def discard_changes(self) -> None:
        self._fill(self._details)

    def commit_pending(self, deferred: bool = False) -> None:
        """Save what was typed and not saved (before another task is shown, or the window closes).

        ``deferred``: the correction is pushed once the current event is handled (the table is
        read again after it, which must not happen inside its own selection change)."""
        if self._details is None:
            return
        if self.progress_changed():
            self.save_progress()
        changes = self.pending_changes()
        if changes:
            task_id = self._details.state.id
            if deferred:
                QTimer.singleShot(0, lambda: self._editing.edit(task_id, focus=False, **changes))
            else:
                self._editing.edit(task_id, focus=False, **changes)

    def add_task(self) -> None:
        if self._details is None:
            return
        text = task_dialogs.ask_new_task_text(self)
        if text:
            self._editing.add(self._details.state.document_id, text, after_task_id=self._details.state.id)

    def delete_task(self) -> None:
        if self._details is None:
            return
        state = self._details.state
        if task_dialogs.confirm_delete(self, state.no, state.text):
            self._editing.delete(state.id)

    def split_task(self) -> None:
        if self._details is None:
            return
        self.commit_pending()
        if self._details is None:
            return
        parts = task_dialogs.ask_split_parts(self, self._details.state.text)
        if parts:
            self._editing.split(self._details.state.id, parts)

    def merge_tasks(self) -> None:
        selected = self._table.selected_task_ids()
        if len(selected) < 2:
            following = self._table.task_after(self.task_id) if self.task_id is not None else None
            if following is None:
                self._editing.statusMessage.emit(MERGE_NOT_POSSIBLE)
                return
            selected = [self.task_id, following]
        self.commit_pending()
        self._editing.merge(selected)

    # --- review (the table's path) -----------------------------------------------------------------------

    def save_progress(self) -> bool:
        if self._details is None or not self.progress_changed():
            return False
        return self._model.edit_review(self._details.row, "progress", self.progress_edit.toPlainText())

    def _status_chosen(self, index: int) -> None:
        if self._details is not None:
            self._model.edit_review(self._details.row, "status", self.status_combo.itemText(index))

    def _review_saved(self, task_id: int) -> None:
        """The shown task's review changed (here, in the table, or by undo): show the saved values,
        keeping corrections typed and not saved."""
        if self._details is None or task_id != self._details.state.id:
            return
        fresh = load_task_details(self._database, task_id)
        if fresh is None:
            return
        progress_typed = self.progress_changed() and self.progress_edit.hasFocus()
        self._details = TaskDetails(self._details.state, fresh.row, self._details.parsed, self._details.overrides)
        if not progress_typed:
            self.progress_edit.setPlainText(fresh.row.progress)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findText(fresh.row.status)))
        self.deadline_edit.setToolTip(self._deadline_tip(self._details))
        self._update_buttons()

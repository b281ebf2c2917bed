"""The small questions of task correction: the parts of a split, a new task's text, a deletion."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

SPLIT_TITLE = "拆分任务"
SPLIT_PROMPT = "每行一项任务（已按句号、分号预先分行，可修改）。第一行保留原任务的审阅记录，其余各行成为新任务，单位、分管领导和完成时限与原任务相同。"
ADD_TITLE = "新增任务"
ADD_PROMPT = "新任务的内容（插在所选任务之后；分管领导、单位和完成时限可在下方详情中填写）："
DELETE_TITLE = "删除任务"
DELETE_QUESTION = "删除第 {no} 项任务？\n\n{text}\n\n删除的任务不再显示和统计，重新导入通知也不会恢复；可按 Ctrl+Z 撤销。"
DELETE_PREVIEW_CHARS = 80

# Where a task's text is cut into parts by default: after 。！？； (a sentence or clause each).
_PART_END = re.compile(r"(?<=[。！？；])")


def suggested_parts(text: str) -> list[str]:
    parts = [p.strip() for p in _PART_END.split(text or "")]
    return [p for p in parts if p]


class _TextDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, prompt: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("taskTextDialog")
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.resize(520, 300)


def ask_split_parts(parent: QWidget | None, text: str) -> list[str] | None:
    """The parts the officer wants (one a line), or None when cancelled."""
    dialog = _TextDialog(parent, SPLIT_TITLE, SPLIT_PROMPT, "\n".join(suggested_parts(text)))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return [line.strip() for line in dialog.editor.toPlainText().splitlines() if line.strip()]


def ask_new_task_text(parent: QWidget | None) -> str | None:
    dialog = _TextDialog(parent, ADD_TITLE, ADD_PROMPT, "")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.editor.toPlainText().strip() or None


def confirm_delete(parent: QWidget | None, no: int, text: str) -> bool:
    preview = text if len(text) <= DELETE_PREVIEW_CHARS else text[:DELETE_PREVIEW_CHARS] + "…"
    answer = QMessageBox.question(parent, DELETE_TITLE, DELETE_QUESTION.format(no=no, text=preview),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

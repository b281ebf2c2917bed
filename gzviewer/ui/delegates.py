"""Item delegates: search-word highlighting, in-place review editors, unit counts in lists."""

from __future__ import annotations

import html

from PySide6.QtCore import QDate, QModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from gzviewer.store.queries import STATUSES
from gzviewer.ui.colors import SEARCH_WORD_BACKGROUND
from gzviewer.ui.models.roles import EDIT_SESSION_ROLE, SEARCH_WORDS_ROLE, UNIT_COUNTS_ROLE

AUTOSAVE_DELAY_MS = 800  # a pause in typing saves the progress note
DATE_FORMAT = "yyyy-MM-dd"
PROGRESS_PLACEHOLDER = "填写进展情况（自动保存）"
UNIT_COUNTS = "牵头 {lead} · 配合 {coop}"
TEXT_MARGIN = 4


def highlighted_html(text: str, words: list[str], color: str) -> str:
    """``text`` as HTML with every occurrence of ``words`` on a coloured background."""
    marks = [False] * len(text)
    for word in words:
        if not word:
            continue
        start = text.find(word)
        while start != -1:
            marks[start:start + len(word)] = [True] * len(word)
            start = text.find(word, start + len(word))
    parts: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marks[j] == marks[i]:
            j += 1
        chunk = html.escape(text[i:j])
        parts.append(f'<span style="background-color:{color}">{chunk}</span>' if marks[i] else chunk)
        i = j
    return "".join(parts)


class SearchHighlightDelegate(QStyledItemDelegate):
    """Paints the cell's text with the words of ``SEARCH_WORDS_ROLE`` highlighted (one line, clipped)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        words = index.data(SEARCH_WORDS_ROLE) or []
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if not words or not any(w in text for w in words):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect: QRect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        document = QTextDocument()
        document.setDefaultFont(opt.font)
        document.setDocumentMargin(0)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        document.setDefaultTextOption(text_option)
        document.setHtml(highlighted_html(text, words, SEARCH_WORD_BACKGROUND.name()))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        top = rect.top() + max(0, (rect.height() - round(document.size().height())) // 2)
        painter.translate(rect.left() + TEXT_MARGIN - 2, top)
        context.clip = rect.translated(-rect.left(), -top).toRectF()
        painter.setClipRect(context.clip)
        document.documentLayout().draw(painter, context)
        painter.restore()


class StatusDelegate(QStyledItemDelegate):
    """A combo box of the review statuses; choosing one saves it at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.addItems(list(STATUSES))
        editor.activated.connect(lambda _i, e=editor: self._commit_and_close(e))
        return editor

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if value in STATUSES:
            editor.setCurrentIndex(STATUSES.index(value))
        QTimer.singleShot(0, editor.showPopup)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class ProgressDelegate(QStyledItemDelegate):
    """A line editor for the progress note that saves whenever typing pauses.

    Saving while typing means nothing is lost if the application is closed or killed; the
    autosaves of one editor merge into one undo step (``EDIT_SESSION_ROLE``).
    """

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText(PROGRESS_PLACEHOLDER)
        timer = QTimer(editor)
        timer.setSingleShot(True)
        timer.setInterval(AUTOSAVE_DELAY_MS)
        timer.timeout.connect(lambda e=editor: self.commitData.emit(e))
        editor.textEdited.connect(timer.start)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if not editor.isModified():
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, (editor.text(), id(editor)), EDIT_SESSION_ROLE)


class DueDateDelegate(QStyledItemDelegate):
    """A date editor with a calendar pop-up for the task's due date (完成时限)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat(DATE_FORMAT)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        date = QDate.fromString((index.data(Qt.ItemDataRole.EditRole) or "")[:10], DATE_FORMAT)
        editor.setDate(date if date.isValid() else QDate.currentDate())

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class UnitCountDelegate(QStyledItemDelegate):
    """A unit name on the left, its lead / cooperating task counts greyed on the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        counts = index.data(UNIT_COUNTS_ROLE)
        if not counts:
            return
        text = UNIT_COUNTS.format(lead=counts[0], coop=counts[1])
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.PlaceholderText)
        painter.setPen(color)
        rect = option.rect.adjusted(0, 0, -2 * TEXT_MARGIN, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        counts = index.data(UNIT_COUNTS_ROLE)
        if counts:
            extra = option.fontMetrics.horizontalAdvance(UNIT_COUNTS.format(lead=counts[0], coop=counts[1]))
            size.setWidth(size.width() + extra + 4 * TEXT_MARGIN)
        return size

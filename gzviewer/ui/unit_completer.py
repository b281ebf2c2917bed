"""A field for a list of unit names (「市发展改革委、市财政局」) with type-ahead: the name being
typed after the last separator is matched on any part of it, the names before it are kept."""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextCursor, QTextOption
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

from gzviewer.vocabulary import UNIT_SEPARATOR

# The separators the correction service accepts between names (services.task_edits.unit_names).
_LAST_NAME = re.compile(r"^(.*[、，,；;\s])?([^、，,；;\s]*)$", re.DOTALL)
POPUP_MIN_WIDTH = 260


def _split_last(text: str) -> tuple[str, str]:
    """(the text up to and with the last separator, the name being typed)."""
    match = _LAST_NAME.match(text)
    return (match.group(1) or "", match.group(2)) if match else ("", text)


class UnitListCompleter(QCompleter):
    """Unit names matched on any part of the name being typed (``UnitListEdit`` sets the prefix)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = QStringListModel(self)
        self.setModel(self._names)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)
        self.popup().setMinimumWidth(POPUP_MIN_WIDTH)

    def set_names(self, names: list[str]) -> None:
        self._names.setStringList(list(dict.fromkeys(names)))

    @property
    def names(self) -> list[str]:
        return self._names.stringList()


class UnitListEdit(QPlainTextEdit):
    """A wrapping field for a list of unit names (long 配合单位 lists stay readable), with
    type-ahead on the name being typed; Enter never adds a line break."""

    def __init__(self, parent: QWidget, object_name: str, accessible_name: str, completer: UnitListCompleter,
                 lines: int = 1) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFixedHeight(round(self.fontMetrics().lineSpacing() * lines + 2 * self.document().documentMargin()
                                  + 2 * self.frameWidth() + 2))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if lines > 1
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.completer = completer
        completer.setWidget(self)
        completer.activated[str].connect(self.insert_completion)

    # The QLineEdit-like API the panel uses.
    def text(self) -> str:
        return self.toPlainText().replace("\n", UNIT_SEPARATOR)

    def setText(self, text: str) -> None:
        self.setPlainText(text)

    def setCursorPosition(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.completer.popup().isVisible() and key in _POPUP_KEYS:
            event.ignore()  # the popup takes them
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # names only, on one logical line
            return
        super().keyPressEvent(event)
        if event.text():
            self.complete_name()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)  # names typed through a Chinese input method
        if event.commitString():
            self.complete_name()

    def complete_name(self) -> None:
        """Offer the names that contain what is typed after the last separator before the cursor."""
        before = self.toPlainText()[:self.textCursor().position()]
        typed = _split_last(before)[1]
        popup = self.completer.popup()
        if not typed:
            popup.hide()
            return
        self.completer.setCompletionPrefix(typed)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(max(POPUP_MIN_WIDTH, popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width()))
        self.completer.complete(rect)

    def insert_completion(self, name: str) -> None:
        """Put ``name`` in place of the name being typed."""
        cursor = self.textCursor()
        typed = _split_last(self.toPlainText()[:cursor.position()])[1]
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(typed))
        cursor.insertText(name)
        self.setTextCursor(cursor)


_POPUP_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)

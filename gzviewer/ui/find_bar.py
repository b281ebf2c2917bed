"""The find bar under the document (Ctrl+F): text box, previous / next, match count."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

PLACEHOLDER = "在文件中查找"
PREVIOUS = "上一个"
NEXT = "下一个"
CLOSE = "关闭查找栏（Esc）"
NO_MATCH = "无匹配"
MATCH_COUNT = "第 {current} / {total} 处"
TOO_MANY = "（只显示前 {limit} 处）"


class FindLineEdit(QLineEdit):
    """Enter finds the next match, Shift+Enter the previous, Esc closes the bar."""

    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.closeRequested.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    textChanged = Signal(str)
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = FindLineEdit(self)
        self.edit.setObjectName("findBox")
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCountLabel")
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("第 0000 / 0000 处"))
        style = self.style()
        self.previous_button = self._button(PREVIOUS, style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
                                            QKeySequence(QKeySequence.StandardKey.FindPrevious))
        self.next_button = self._button(NEXT, style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                        QKeySequence(QKeySequence.StandardKey.FindNext))
        self.close_button = self._button(CLOSE, style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)

        self.edit.textChanged.connect(self.textChanged)
        self.edit.nextRequested.connect(self.nextRequested)
        self.edit.previousRequested.connect(self.previousRequested)
        self.edit.closeRequested.connect(self.close_bar)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.close_button.clicked.connect(self.close_bar)

    def _button(self, tooltip: str, icon, shortcut: QKeySequence | None = None) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        text = tooltip if shortcut is None or shortcut.isEmpty() else \
            f"{tooltip}（{shortcut.toString(QKeySequence.SequenceFormat.NativeText)}）"
        button.setToolTip(text)
        button.setAccessibleName(tooltip)
        return button

    def open_bar(self, text: str | None = None) -> None:
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def show_count(self, current: int, total: int, limit_reached: bool = False) -> None:
        if not self.edit.text():
            self.count_label.clear()
        elif total == 0:
            self.count_label.setText(NO_MATCH)
        else:
            text = MATCH_COUNT.format(current=current + 1, total=total)
            self.count_label.setText(text + (TOO_MANY.format(limit=total) if limit_reached else ""))

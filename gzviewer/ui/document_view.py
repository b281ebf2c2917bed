"""The read-only document text with marked figures, task sentences and glossary terms."""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from gzviewer.store.queries import DocumentText, TargetRow
from gzviewer.ui.colors import (
    FIND_CURRENT,
    FIND_MATCH,
    GLOSSARY_UNDERLINE,
    LOCATED_BACKGROUND,
    TARGET_BACKGROUND,
    TASK_BACKGROUND,
)
from gzviewer.ui.fonts import DOCUMENT_POINT_SIZE, MAX_POINT_SIZE, MIN_POINT_SIZE, document_font
from gzviewer.ui.models.targets import METRIC_LABELS, TARGET_KIND_LABELS, format_value
from gzviewer.ui.text_offsets import TextOffsets

PLACEHOLDER = "从左侧文件库选择一个文件阅读；也可以把文件拖到窗口中导入。"
MAX_FIND_MATCHES = 5000
GLOSSARY_TIP = "<b>{term}</b>（名词解释）<br>{definition}"
TARGET_TIP = "<b>{indicator}</b>：{value}{unit}（{metric}，{kind}{year}）"
TASK_TIP = "任务语句"
TOOLTIP_WRAP = "<qt>{body}</qt>"


@dataclass(frozen=True)
class MarkedSpan:
    start: int  # Python offsets into the document text
    end: int
    tooltip: str


def _target_tip(target: TargetRow) -> str:
    year = f"，{target.year}年" if target.year and target.year.isdigit() else (f"，{target.year}" if target.year else "")
    return TARGET_TIP.format(indicator=html.escape(target.indicator),
                             value=format_value(target.value, target.value_high), unit=html.escape(target.unit or ""),
                             metric=METRIC_LABELS.get(target.metric, target.metric),
                             kind=TARGET_KIND_LABELS.get(target.kind, target.kind), year=html.escape(year))


def _background_format(color: QColor) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setBackground(color)
    return text_format


def _glossary_format() -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    text_format.setUnderlineColor(GLOSSARY_UNDERLINE)
    return text_format


class DocumentView(QPlainTextEdit):
    """Shows one document; offsets in its API are Python offsets into the stored text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setPlaceholderText(PLACEHOLDER)
        self.document_id: int | None = None
        self._offsets = TextOffsets("")
        self._marks: list[MarkedSpan] = []
        self._mark_starts: list[int] = []
        self._matches: list[QTextCursor] = []
        self._current_match = -1
        self._located: list[tuple[int, int]] = []
        self._point_size = DOCUMENT_POINT_SIZE
        self.set_point_size(DOCUMENT_POINT_SIZE)

    # --- content ---------------------------------------------------------------------------------

    def set_document(self, document: DocumentText | None, targets: list[TargetRow]) -> None:
        self._matches, self._current_match, self._located = [], -1, []
        if document is None:
            self.document_id = None
            self._offsets = TextOffsets("")
            self._marks, self._mark_starts = [], []
            self.setPlainText("")
            self._refresh_extra_selections()
            return
        self.document_id = document.id
        self._offsets = TextOffsets(document.text)
        self.setPlainText(document.text)
        marks = [MarkedSpan(s.start, s.end, TASK_TIP) for s in document.task_spans]
        marks += [MarkedSpan(t.start, t.end, _target_tip(t)) for t in targets if 0 <= t.start < t.end]
        marks += [MarkedSpan(g.start, g.end, GLOSSARY_TIP.format(term=html.escape(g.term),
                                                                 definition=html.escape(g.definition)))
                  for g in document.glossary]
        self._apply_formats(document, targets)
        self._marks = sorted(marks, key=lambda m: m.start)
        self._mark_starts = [m.start for m in self._marks]
        self._refresh_extra_selections()

    def _apply_formats(self, document: DocumentText, targets: list[TargetRow]) -> None:
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        layers = (
            ([(s.start, s.end) for s in document.task_spans], _background_format(TASK_BACKGROUND)),
            ([(t.start, t.end) for t in targets if 0 <= t.start < t.end], _background_format(TARGET_BACKGROUND)),
            ([(g.start, g.end) for g in document.glossary], _glossary_format()),
        )
        for spans, text_format in layers:
            for start, end in spans:
                self._select(cursor, start, end)
                cursor.mergeCharFormat(text_format)
        cursor.endEditBlock()

    def _select(self, cursor: QTextCursor, start: int, end: int) -> QTextCursor:
        cursor.setPosition(self._offsets.to_qt(start))
        cursor.setPosition(self._offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # --- navigation ------------------------------------------------------------------------------

    def scroll_to_offset(self, offset: int) -> None:
        """Put the line holding ``offset`` at the top of the view (used for headings)."""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(self._offsets.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def locate(self, spans: list[tuple[int, int]]) -> None:
        """Mark ``spans`` (a sentence, a figure) and centre the first in the view."""
        self._located = [(s, e) for s, e in spans if 0 <= s < e]
        self._refresh_extra_selections()
        if self._located:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_qt(self._located[0][0]))
            self.setTextCursor(cursor)
            self.centerCursor()

    def python_offset(self, position: int) -> int:
        return self._offsets.to_python(position)

    def visible_offset_range(self) -> tuple[int, int]:
        """Python offsets of the first and last character on screen."""
        top = self.cursorForPosition(self.viewport().rect().topLeft()).position()
        bottom = self.cursorForPosition(self.viewport().rect().bottomRight()).position()
        return self._offsets.to_python(top), self._offsets.to_python(bottom)

    # --- find ------------------------------------------------------------------------------------

    def find_all(self, text: str) -> int:
        """Mark every match of ``text`` (case-insensitive); returns how many (at most MAX_FIND_MATCHES)."""
        self._matches, self._current_match = [], -1
        if text:
            cursor = QTextCursor(self.document())
            while len(self._matches) < MAX_FIND_MATCHES:
                cursor = self.document().find(text, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                self._matches.append(QTextCursor(cursor))
        self._refresh_extra_selections()
        return len(self._matches)

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_match(self) -> int:
        return self._current_match

    def go_to_match(self, step: int) -> int:
        """Move to the next (step 1) or previous (step -1) match after the cursor; returns its index."""
        if not self._matches:
            return -1
        if self._current_match < 0:
            position = self.textCursor().selectionStart()
            later = [i for i, m in enumerate(self._matches) if m.selectionStart() >= position]
            self._current_match = (later[0] if later else 0) if step > 0 else (later[0] - 1 if later else -1)
            self._current_match %= len(self._matches)
        else:
            self._current_match = (self._current_match + step) % len(self._matches)
        self.setTextCursor(self._matches[self._current_match])
        self.centerCursor()
        self._refresh_extra_selections()
        return self._current_match

    def clear_find(self) -> None:
        self._matches, self._current_match = [], -1
        self._refresh_extra_selections()

    def _refresh_extra_selections(self) -> None:
        selections = []
        for start, end in self._located:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._select(QTextCursor(self.document()), start, end)
            selection.format = _background_format(LOCATED_BACKGROUND)
            selections.append(selection)
        for i, match in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = match
            selection.format = _background_format(FIND_CURRENT if i == self._current_match else FIND_MATCH)
            selections.append(selection)
        self.setExtraSelections(selections)

    # --- zoom ------------------------------------------------------------------------------------

    @property
    def point_size(self) -> int:
        return self._point_size

    def set_point_size(self, size: int) -> None:
        self._point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        self.setFont(document_font(self._point_size))

    def zoom(self, step: int) -> None:
        self.set_point_size(self._point_size + step if step else DOCUMENT_POINT_SIZE)

    # --- tooltips --------------------------------------------------------------------------------

    def marks_at(self, offset: int) -> list[MarkedSpan]:
        index = bisect_right(self._mark_starts, offset)
        # Marks may nest (a figure inside a task sentence): look back over the few that start earlier.
        return [m for m in self._marks[max(0, index - 50):index] if m.start <= offset < m.end]

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(event.pos()).position()
            marks = self.marks_at(self._offsets.to_python(position))
            if marks:
                body = "<br>".join(m.tooltip for m in sorted(marks, key=lambda m: m.end - m.start))
                QToolTip.showText(event.globalPos(), TOOLTIP_WRAP.format(body=body), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

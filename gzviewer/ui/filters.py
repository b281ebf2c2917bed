"""Small widgets shared by the filter rows of the tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QWidget

from gzviewer.store.queries import DocumentSummary

ALL_DOCUMENTS = "全部文件"
TEXT_DEBOUNCE_MS = 300
COMBO_MIN_CHARS = 6  # long choices (section titles) must not force the tab's width


def choice_combo(parent: QWidget, object_name: str, choices: list[tuple[str, object]],
                 accessible_name: str) -> QComboBox:
    """A non-editable combo box whose items carry their filter value as user data."""
    combo = QComboBox(parent)
    combo.setObjectName(object_name)
    combo.setAccessibleName(accessible_name)
    combo.setToolTip(accessible_name)
    shrink_combo(combo)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def shrink_combo(combo: QComboBox) -> None:
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(COMBO_MIN_CHARS)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)


def refill_combo(combo: QComboBox, first: tuple[str, object], choices: list[tuple[str, object]]) -> None:
    """Replace the items, keeping the current value when it is still offered."""
    current = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(*first)
        for text, value in choices:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
    finally:
        combo.blockSignals(False)


def document_choices(documents: list[DocumentSummary], need: str | None = None) -> list[tuple[str, int]]:
    """(title, id) of the documents that have ``need`` ("tasks" / "targets") rows."""
    return [(d.display_title, d.id) for d in documents if need is None or getattr(d, need)]


def debounce_timer(parent: QWidget, slot, delay_ms: int = TEXT_DEBOUNCE_MS) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer

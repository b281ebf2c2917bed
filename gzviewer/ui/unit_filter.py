"""The editable unit filter: type-ahead over every unit, with its task counts beside the name."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from gzviewer.store.queries import UnitSummary
from gzviewer.ui.delegates import UnitCountDelegate
from gzviewer.ui.filters import shrink_combo
from gzviewer.ui.models.roles import UNIT_COUNTS_ROLE

PLACEHOLDER = "全部单位（输入名称筛选）"
TOOLTIP = "按单位筛选：输入单位名称的任意部分，从列表中选择；清空则显示全部单位"
POPUP_MIN_WIDTH = 320


class UnitFilterCombo(QComboBox):
    """Emits ``unitChosen`` with a known unit name, or "" for all units, or typed text on Enter."""

    unitChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitFilter")
        self.setAccessibleName("单位")
        self.setToolTip(TOOLTIP)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        shrink_combo(self)
        self.lineEdit().setPlaceholderText(PLACEHOLDER)
        self.lineEdit().setClearButtonEnabled(True)
        self._units = QStandardItemModel(self)
        self.setModel(self._units)
        self.setItemDelegate(UnitCountDelegate(self))
        self.view().setMinimumWidth(POPUP_MIN_WIDTH)

        completer = QCompleter(self._units, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        completer.popup().setItemDelegate(UnitCountDelegate(completer.popup()))
        completer.popup().setMinimumWidth(POPUP_MIN_WIDTH)
        self.setCompleter(completer)

        self._names: set[str] = set()
        self._last = ""
        self.currentTextChanged.connect(self._text_changed)
        self.lineEdit().returnPressed.connect(self._return_pressed)
        completer.activated[str].connect(self._choose)

    def set_units(self, summaries: list[UnitSummary]) -> None:
        """Offer ``summaries`` (most lead tasks first); the typed text is kept."""
        text = self.currentText()
        self.blockSignals(True)
        try:
            self._units.clear()
            for summary in summaries:
                item = QStandardItem(summary.name)
                item.setData((summary.lead, summary.coop), UNIT_COUNTS_ROLE)
                item.setToolTip(f"{summary.name}（{summary.kind}）")
                self._units.appendRow(item)
            self._names = {s.name for s in summaries}
            self.setCurrentIndex(-1)
            self.setEditText(text)
        finally:
            self.blockSignals(False)

    @property
    def unit_names(self) -> set[str]:
        return set(self._names)

    def current_unit(self) -> str:
        return self._last

    def set_unit(self, name: str) -> None:
        self.setEditText(name)
        self._choose(name)

    def _text_changed(self, text: str) -> None:
        text = text.strip()
        if text == "" or text in self._names:
            self._choose(text)

    def _return_pressed(self) -> None:
        self._choose(self.currentText().strip())

    def _choose(self, name: str) -> None:
        name = name.strip()
        if name != self._last:
            self._last = name
            self.unitChosen.emit(name)

"""The editable unit filter: type-ahead on any part of a unit's name or of its other spellings
(市发改委, as the command line accepts them), with its task counts beside the name."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from gzviewer.services.unit_names import aliases_of_units, canonical_unit
from gzviewer.store.queries import UnitSummary
from gzviewer.ui.delegates import UnitCountDelegate
from gzviewer.ui.filters import shrink_combo
from gzviewer.ui.models.roles import UNIT_COUNTS_ROLE

PLACEHOLDER = "全部单位（输入名称筛选）"
TOOLTIP = "按单位筛选：输入单位名称的任意部分，从列表中选择；清空则显示全部单位"
POPUP_MIN_WIDTH = 320
ALIAS_ITEM = "{alias}（{name}）"  # an alias in the completion list, with the name it stands for
ALIAS_ITEM_PATTERN = re.compile(r"^.+（(?P<name>[^（）]+)）$")


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

        # Completion over names and aliases: its own model, so the drop-down lists each unit once.
        self._completions = QStandardItemModel(self)
        self._aliases_loaded = False
        completer = QCompleter(self._completions, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        completer.popup().setItemDelegate(UnitCountDelegate(completer.popup()))
        completer.popup().setMinimumWidth(POPUP_MIN_WIDTH)
        # On the line edit, not the combo: the combo would look the chosen alias up among its items.
        self.lineEdit().setCompleter(completer)
        self._completer = completer

        self._names: set[str] = set()
        self._last = ""
        self.currentTextChanged.connect(self._text_changed)
        self.lineEdit().returnPressed.connect(self._return_pressed)
        completer.activated[str].connect(self._choose)

    def completer(self) -> QCompleter:
        return self._completer

    def set_units(self, summaries: list[UnitSummary]) -> None:
        """Offer ``summaries`` (most lead tasks first); the typed text is kept."""
        text = self.currentText()
        self.blockSignals(True)
        try:
            self._units.clear()
            self._completions.clear()
            for summary in summaries:
                self._units.appendRow(self._item(summary.name, summary))
                self._completions.appendRow(self._item(summary.name, summary))
            self._summaries = list(summaries)
            self._aliases_loaded = False
            self._names = {s.name for s in summaries}
            self.setCurrentIndex(-1)
            self.setEditText(text)
        finally:
            self.blockSignals(False)
        if self.hasFocus():
            self._load_aliases()

    @staticmethod
    def _item(text: str, summary: UnitSummary) -> QStandardItem:
        item = QStandardItem(text)
        item.setData((summary.lead, summary.coop), UNIT_COUNTS_ROLE)
        item.setToolTip(f"{summary.name}（{summary.kind}）")
        return item

    def _load_aliases(self) -> None:
        """Add the units' other spellings to the completion list (once the officer starts typing:
        the unit directory is not read at start-up)."""
        if self._aliases_loaded:
            return
        self._aliases_loaded = True
        by_name = {s.name: s for s in getattr(self, "_summaries", [])}
        for name, aliases in aliases_of_units(by_name).items():
            for alias in aliases:
                self._completions.appendRow(self._item(ALIAS_ITEM.format(alias=alias, name=name), by_name[name]))

    def focusInEvent(self, event) -> None:
        self._load_aliases()
        super().focusInEvent(event)

    def resolve(self, text: str) -> str:
        """The unit ``text`` names: a unit's name, an alias (also as the completion list shows it)
        or a part of exactly one unit's name; else ``text`` itself."""
        text = text.strip()
        if not text or text in self._names:
            return text
        decorated = ALIAS_ITEM_PATTERN.match(text)
        if decorated and decorated["name"] in self._names:
            return decorated["name"]
        canonical = canonical_unit(text)
        if canonical in self._names:
            return canonical
        containing = [name for name in self._names if text in name]
        return containing[0] if len(containing) == 1 else text

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
        if not self._aliases_loaded and text:
            self._load_aliases()
        if text == "" or text in self._names:
            self._choose(text)

    def _return_pressed(self) -> None:
        popup = self._completer.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # ↓ then Enter: the completer's activation chooses the highlighted unit
        self._choose(self.currentText())

    def _choose(self, name: str) -> None:
        name = self.resolve(name)
        if name != self.currentText():
            self.blockSignals(True)
            self.setEditText(name)  # the directory's name in the box, not the alias typed
            self.blockSignals(False)
        if name != self._last:
            self._last = name
            self.unitChosen.emit(name)

"""Type-ahead for a list of unit names in one line (「市发展改革委、市财政局」): the name being
typed after the last separator is completed on any part of it, the names before it are kept."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

UNIT_SEPARATOR = "、"
# The separators the correction service accepts between names (services.task_edits.unit_names).
_LAST_NAME = re.compile(r"^(.*[、，,；;\s])?([^、，,；;\s]*)$", re.DOTALL)
POPUP_MIN_WIDTH = 260


def _split_last(text: str) -> tuple[str, str]:
    """(the text up to and with the last separator, the name being typed)."""
    match = _LAST_NAME.match(text)
    return (match.group(1) or "", match.group(2)) if match else ("", text)


class UnitListCompleter(QCompleter):
    """Completes the last name of a separated list; choosing one appends 「、」 for the next."""

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

    def splitPath(self, path: str) -> list[str]:
        return [_split_last(path)[1]]

    def pathFromIndex(self, index: QModelIndex) -> str:
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        return _split_last(text)[0] + name


def unit_list_edit(parent: QWidget, object_name: str, accessible_name: str, completer: UnitListCompleter) -> QLineEdit:
    """A line for a list of unit names with ``completer`` (shared by the lead and cooperating lines)."""
    edit = QLineEdit(parent)
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    edit.setClearButtonEnabled(True)
    edit.setCompleter(completer)
    return edit

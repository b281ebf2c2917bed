"""Common set-up of the read-only tables (targets, units): compact fixed rows, row selection."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ROW_PADDING = 10


def compact_row_height(view: QTableView) -> int:
    return view.fontMetrics().height() + ROW_PADDING


def configure_table(view: QTableView, editable: bool = False) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    vertical = view.verticalHeader()
    vertical.hide()
    # Fixed heights: the view never measures every row.
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(compact_row_height(view))
    view.horizontalHeader().setHighlightSections(False)

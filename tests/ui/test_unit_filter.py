"""The window's unit filter: the aliases the command line accepts, type-ahead on any part of a
name or alias, keyboard choice without a false message; filters, sort and widths kept over a restart."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex, Qt

from gzviewer.cli import main
from gzviewer.store.queries import ROLE_ALL, ROLE_LEAD
from gzviewer.ui.models.tasks import COL_TEXT, COLUMN_INDEX
from tests.ui.conftest import reopen, type_text
from tests.ui.test_tasks_tab import choose_unit

ALIAS = "市发改委"


def shown_task_ids(window) -> list[int]:
    model = window.tasks_tab.model
    return sorted(model.task_id(row) for row in range(model.rowCount()))


def cli_task_ids(capsys, db_url: str, *options: str) -> list[int]:
    capsys.readouterr()
    assert main(["--db", db_url, "tasks", *options, "--json"]) == 0
    return sorted(task["id"] for task in json.loads(capsys.readouterr().out))


def test_an_alias_gives_the_tasks_the_command_line_gives(qtbot, window, capsys):
    expected = cli_task_ids(capsys, window.database.url, "--lead", ALIAS)
    assert len(expected) > 10
    choose_unit(qtbot, window, ALIAS, ROLE_LEAD)
    tab = window.tasks_tab
    while tab.model.canFetchMore(QModelIndex()):
        tab.model.fetchMore(QModelIndex())
    assert shown_task_ids(window) == expected
    assert tab.unit_filter.current_unit() == tab.unit_filter.currentText() != ALIAS  # the directory's name
    assert "没有名为" not in window.statusBar().currentMessage()


def test_type_ahead_offers_aliases_and_parts_of_names(qtbot, window):
    combo = window.tasks_tab.unit_filter
    window.tabs.setCurrentWidget(window.tasks_tab)
    combo.lineEdit().setFocus()
    type_text(combo.lineEdit(), "发改")
    completer = combo.completer()
    suggestions = [completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())]
    assert any(ALIAS in s for s in suggestions)


def test_down_and_enter_choose_a_unit_without_a_false_message(qtbot, window):
    tab = window.tasks_tab
    combo = tab.unit_filter
    window.tabs.setCurrentWidget(tab)
    combo.lineEdit().setFocus()
    messages: list[str] = []
    tab.statusMessage.connect(messages.append)
    type_text(combo.lineEdit(), "科技")
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert [m for m in messages if "没有名为" in m] == []
    chosen = combo.current_unit()
    assert "科技" in chosen and chosen in combo.unit_names
    assert 0 < tab.model.rowCount()


def test_filters_sort_and_widths_are_kept_over_a_restart(qtbot, make_window, window):
    tab = window.tasks_tab
    choose_unit(qtbot, window, "市科技局", ROLE_ALL)
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("未开始"))
    tab.section_filter.setCurrentIndex(1)
    section = tab.section_filter.currentData()
    tab.view.sortByColumn(COLUMN_INDEX["leader"], Qt.SortOrder.DescendingOrder)
    tab.view.setColumnWidth(COL_TEXT, 333)
    tab.detail_tabs.setCurrentWidget(tab.history)
    rows = tab.model.rowCount()

    window = reopen(make_window, window)
    tab = window.tasks_tab
    assert tab.unit_filter.current_unit() == "市科技局" == tab.unit_filter.currentText()
    assert tab.status_filter.currentData() == "未开始" and tab.section_filter.currentData() == section
    header = tab.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        COLUMN_INDEX["leader"], Qt.SortOrder.DescendingOrder)
    assert tab.view.columnWidth(COL_TEXT) == 333
    assert tab.detail_tabs.currentWidget() is tab.history
    assert tab.model.rowCount() == rows
    assert tab.count_label.text().startswith("显示 ")

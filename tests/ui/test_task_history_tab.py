"""The selected task's history (修改记录) on the tab beside its detail, below the task table."""

from __future__ import annotations

from gzviewer.store.queries import TaskFilter, fetch_tasks
from tests.ui.conftest import document_id_of_seed


def test_the_history_tab_follows_the_selected_task_and_counts_its_entries(qtbot, window):
    tab = window.tasks_tab
    window.tabs.setCurrentWidget(tab)
    with window.database.session() as session:
        first, second = fetch_tasks(session, TaskFilter(document_id=document_id_of_seed(window, "004")))[:2]
    assert tab.select_task(first.id)
    assert tab.history.task_id == first.id and tab.detail_tabs.tabText(1) == "修改记录"

    tab.detail.progress_edit.setPlainText("已完成方案编制。")
    assert tab.detail.save_progress()
    qtbot.waitUntil(lambda: tab.history.model.rowCount() == 1)
    assert tab.detail_tabs.tabText(1) == "修改记录（1）"
    tab.detail_tabs.setCurrentWidget(tab.history)
    assert f"第 {first.no} 项" in tab.history.title.text()

    assert tab.select_task(second.id)
    assert tab.history.task_id == second.id and tab.history.model.rowCount() == 0
    assert tab.detail_tabs.tabText(1) == "修改记录"

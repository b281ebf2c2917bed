"""The window on an office laptop: sized by the app itself to the screen's available area, every
filter control, 清除筛选, the task count and the status bar inside it, and 重点工作 with the edited
fields of the selected task in view without scrolling (issue 18, item 1)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget

from gzviewer.store.queries import TaskFilter, fetch_tasks
from gzviewer.ui import window_fit
from gzviewer.ui.models.tasks import COL_TEXT
from gzviewer.ui.settings import KEY_GEOMETRY, AppSettings
from tests.ui.conftest import document_id_of_seed

TASK_BAR = 40  # the Windows task bar; the available area is the screen without it


def open_on_screen(qtbot, monkeypatch, db_url: str, width: int, height: int):
    from gzviewer.app import create_main_window

    area = QRect(0, 0, width, height - TASK_BAR)
    monkeypatch.setattr(window_fit, "available_area", lambda _window: QRect(area))
    window = create_main_window(db_url)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, area


def inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


def inside_viewport(widget: QWidget, scroll_area) -> bool:
    top_left = widget.mapTo(scroll_area.viewport(), QPoint(0, 0))
    return scroll_area.viewport().rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("screen", [(1366, 768), (1440, 900)])
def test_every_control_is_reachable_on_the_screen(qtbot, monkeypatch, seeded_db_url, screen):
    window, area = open_on_screen(qtbot, monkeypatch, seeded_db_url, *screen)
    try:
        frame = window_fit.FRAME_ALLOWANCE
        assert window.width() + frame.width() <= area.width()
        assert window.height() + frame.height() <= area.height()
        tab = window.tasks_tab
        window.tabs.setCurrentWidget(tab)
        with window.database.session() as session:
            task = fetch_tasks(session, TaskFilter(document_id=document_id_of_seed(window, "004")))[40]
        assert tab.select_task(task.id)
        qtbot.wait(50)

        controls = [tab.document_filter, tab.unit_filter, tab.role_filter, tab.leader_filter, tab.section_filter,
                    tab.status_filter, tab.due_filter, tab.search_box, tab.clear_button, tab.count_label,
                    window.statusBar(), window.document_count_label]
        assert [c.objectName() or c.accessibleName() for c in controls if not inside(c, window)] == []
        assert tab.clear_button.text() == "清除筛选"
        assert tab.count_label.text().startswith("共 ")

        # 重点工作 and the selected row in the table's view, without scrolling sideways.
        view = tab.view
        assert view.horizontalScrollBar().value() == 0
        x = view.columnViewportPosition(COL_TEXT)
        assert 0 <= x and x + 150 <= view.viewport().width()
        row_rect = view.visualRect(view.currentIndex())
        assert view.viewport().rect().intersects(row_rect)

        # The edited fields of the task in the detail pane, not scrolled.
        detail = tab.detail
        assert tab.detail_tabs.currentWidget() is detail
        assert detail.verticalScrollBar().value() == 0
        fields = [detail.text_edit, detail.status_combo, detail.progress_edit, detail.save_progress_button,
                  detail.leader_edit, detail.deadline_edit, detail.lead_edit, detail.coop_edit, detail.save_button]
        assert [f.objectName() for f in fields if not (inside(f, window) and inside_viewport(f, detail))] == []
        assert detail.text_edit.toPlainText() == task.text
        line = detail.progress_edit.fontMetrics().lineSpacing()
        assert detail.progress_edit.height() >= 2 * line and detail.text_edit.height() >= 3 * line
    finally:
        window.close()
        window.database.dispose()


def test_a_saved_layout_too_large_for_the_screen_is_fitted(qtbot, monkeypatch, seeded_db_url):
    settings = AppSettings()
    big = QWidget()
    big.resize(1900, 1150)
    big.move(100, 80)
    settings.set_value(KEY_GEOMETRY, big.saveGeometry())
    settings.sync()
    window, area = open_on_screen(qtbot, monkeypatch, seeded_db_url, 1366, 768)
    try:
        assert window.size().width() <= area.width() and window.size().height() <= area.height()
        assert area.contains(window.frameGeometry())
    finally:
        window.close()
        window.database.dispose()


def test_the_preferred_size_where_there_is_room():
    area = QRect(0, 0, 2560, 1400)
    assert window_fit.fitted_size(QSize(1440, 900), area, QSize(16, 39)) == QSize(1440, 900)
    assert window_fit.fitted_size(QSize(1440, 900), QRect(0, 0, 1366, 728), QSize(16, 39)) == QSize(1350, 689)

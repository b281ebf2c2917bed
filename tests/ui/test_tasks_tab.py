"""The tasks tab as the user drives it: unit filter, roles, search, in-place edits, undo."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from gzviewer.store.queries import (
    DUE_OVERDUE,
    DUE_SOON,
    ROLE_ALL,
    ROLE_COOP,
    ROLE_LEAD,
    TaskFilter,
    count_tasks,
    fetch_tasks_by_ids,
)
from gzviewer.ui.colors import DUE_SOON_BACKGROUND, OVERDUE_BACKGROUND
from gzviewer.ui.models.roles import DUE_STATE_ROLE, ID_ROLE
from gzviewer.ui.models.tasks import COL_DUE, COL_PROGRESS, COL_STATUS, COL_TEXT
from tests.ui.conftest import document_id_of_seed, reopen, type_text

UNIT = "市科技局"


def choose_unit(qtbot, window, unit: str, role: str) -> None:
    tab = window.tasks_tab
    window.tabs.setCurrentWidget(tab)
    role_combo = window.findChild(QComboBox, "roleFilter")
    role_combo.setCurrentIndex(role_combo.findData(role))
    unit_combo = window.findChild(QComboBox, "unitFilter")
    unit_combo.lineEdit().clear()
    type_text(unit_combo.lineEdit(), unit)
    qtbot.keyClick(unit_combo.lineEdit(), Qt.Key.Key_Return)


def count_in_store(window, task_filter: TaskFilter) -> int:
    with window.database.session() as session:
        return count_tasks(session, task_filter)


def stored_task(window, task_id: int):
    with window.database.session() as session:
        return fetch_tasks_by_ids(session, [task_id])[0]


def test_lead_unit_filter_shows_its_sixteen_tasks(qtbot, window):
    choose_unit(qtbot, window, UNIT, ROLE_LEAD)
    view = window.tasks_tab.view
    label = window.findChild(QLabel, "taskCountLabel")
    assert view.model().rowCount() == 16
    assert "16" in label.text()
    assert all(UNIT in view.model().index(r, 3).data() for r in range(16))


def test_role_all_and_coop_match_the_store(qtbot, window):
    choose_unit(qtbot, window, UNIT, ROLE_ALL)
    model = window.tasks_tab.model
    expected_all = count_in_store(window, TaskFilter(unit=UNIT, role=ROLE_ALL))
    assert model.rowCount() == expected_all
    assert str(expected_all) in window.tasks_tab.count_label.text()
    lead = count_in_store(window, TaskFilter(unit=UNIT, role=ROLE_LEAD))
    coop = count_in_store(window, TaskFilter(unit=UNIT, role=ROLE_COOP))
    assert lead < expected_all <= lead + coop
    choose_unit(qtbot, window, UNIT, ROLE_COOP)
    assert model.rowCount() == coop


def test_unit_filter_lists_every_unit_with_counts_and_completes_while_typing(qtbot, window):
    combo = window.tasks_tab.unit_filter
    with window.database.session() as session:
        from gzviewer.store.queries import unit_summaries

        summaries = unit_summaries(session)
    assert combo.count() == len(summaries)
    row = combo.findText(UNIT)
    from gzviewer.ui.models.roles import UNIT_COUNTS_ROLE

    assert combo.itemData(row, UNIT_COUNTS_ROLE) == (16, count_in_store(window, TaskFilter(unit=UNIT, role=ROLE_COOP)))
    window.tabs.setCurrentWidget(window.tasks_tab)
    combo.lineEdit().setFocus()
    type_text(combo.lineEdit(), "科技")
    completer = combo.completer()
    suggestions = [completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())]
    assert UNIT in suggestions and all("科技" in s for s in suggestions)
    assert window.tasks_tab.model.rowCount() == count_in_store(window, TaskFilter())  # partial text: no filter yet


def test_unknown_unit_shows_nothing_and_says_so(qtbot, window):
    choose_unit(qtbot, window, "不存在的单位", ROLE_ALL)
    assert window.tasks_tab.model.rowCount() == 0
    assert "不存在的单位" in window.statusBar().currentMessage()


def test_leader_section_status_filters_match_the_store(qtbot, window):
    tab = window.tasks_tab
    tab.leader_filter.setCurrentIndex(1)
    leader = tab.leader_filter.currentData()
    assert tab.model.rowCount() == count_in_store(window, TaskFilter(leader=leader)) > 0
    tab.section_filter.setCurrentIndex(1)
    section = tab.section_filter.currentData()
    assert tab.model.rowCount() == count_in_store(window, TaskFilter(leader=leader, section=section))
    tab.clear_filters()
    assert tab.model.rowCount() == count_in_store(window, TaskFilter())
    status = window.findChild(QComboBox, "statusFilter")
    status.setCurrentIndex(status.findData("已完成"))
    assert tab.model.rowCount() == 0


def test_search_box_uses_words_and_highlights_them(qtbot, window):
    window.tabs.setCurrentWidget(window.tasks_tab)
    box = window.findChild(QLineEdit, "searchBox")
    type_text(box, "科技创新")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    model = window.tasks_tab.model
    words = model.task_filter.search_words
    assert words and "".join(words) == "科技创新"
    assert model.rowCount() == count_in_store(window, TaskFilter(search_words=words)) > 0
    assert all(all(w in model.index(r, COL_TEXT).data() for w in words) for r in range(model.rowCount()))
    view = window.tasks_tab.view
    view.viewport().grab()  # paint through the highlighting delegate


def test_status_edit_is_saved_and_survives_reopening(qtbot, make_window, window):
    model = window.tasks_tab.model
    index = model.index(2, COL_STATUS)
    task_id = index.data(ID_ROLE)
    assert model.setData(index, "推进中")
    assert stored_task(window, task_id).status == "推进中"
    reopened = reopen(make_window, window)
    new_model = reopened.tasks_tab.model
    row = new_model.row_of(task_id)
    assert new_model.index(row, COL_STATUS).data() == "推进中"


def test_status_edit_through_the_delegate_editor(qtbot, window):
    view = window.tasks_tab.view
    window.tabs.setCurrentWidget(window.tasks_tab)
    index = view.model().index(0, COL_STATUS)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.open_editor() or view.indexWidget(index)
    combo = editor if isinstance(editor, QComboBox) else view.viewport().findChild(QComboBox)
    assert combo is not None
    combo.hidePopup()
    combo.setCurrentIndex(combo.findText("滞后"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: stored_task(window, index.data(ID_ROLE)).status == "滞后")


def test_typed_progress_is_not_lost_when_the_window_closes(qtbot, make_window, window):
    view = window.tasks_tab.view
    window.tabs.setCurrentWidget(window.tasks_tab)
    index = view.model().index(1, COL_PROGRESS)
    task_id = index.data(ID_ROLE)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setFocus()
    type_text(editor, "已完成选址")
    reopened = reopen(make_window, window)  # closed while still typing: no Enter pressed
    assert stored_task(reopened, task_id).progress == "已完成选址"


def test_typing_pauses_autosave_and_one_undo_reverts_the_whole_note(qtbot, window):
    view = window.tasks_tab.view
    window.tabs.setCurrentWidget(window.tasks_tab)
    index = view.model().index(3, COL_PROGRESS)
    task_id = index.data(ID_ROLE)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.viewport().findChild(QLineEdit)
    editor.setFocus()
    type_text(editor, "已开工")
    qtbot.waitUntil(lambda: stored_task(window, task_id).progress == "已开工", timeout=3000)
    type_text(editor, "，完成三成")
    qtbot.waitUntil(lambda: stored_task(window, task_id).progress == "已开工，完成三成", timeout=3000)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert stored_task(window, task_id).progress == ""


def test_undo_and_redo_shortcuts(qtbot, window):
    model = window.tasks_tab.model
    index = model.index(0, COL_STATUS)
    task_id = index.data(ID_ROLE)
    model.setData(index, "已完成")
    model.setData(index, "需协调")
    undo = window.actions_by_key["undo"]
    redo = window.actions_by_key["redo"]
    assert QKeySequence("Ctrl+Z") in undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in redo.shortcuts()
    window.tasks_tab.view.setFocus()
    qtbot.keyClick(window.tasks_tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_task(window, task_id).status == "已完成"
    qtbot.keyClick(window.tasks_tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_task(window, task_id).status == "未开始"
    assert model.index(0, COL_STATUS).data() == "未开始"
    qtbot.keyClick(window.tasks_tab.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored_task(window, task_id).status == "已完成"


def test_due_dates_colour_rows_and_filter(qtbot, window):
    tab = window.tasks_tab
    model = tab.model
    today = date.today()
    overdue_id = model.index(0, 0).data(ID_ROLE)
    soon_id = model.index(1, 0).data(ID_ROLE)
    model.setData(model.index(0, COL_DUE), (today - timedelta(days=3)).isoformat())
    model.setData(model.index(1, COL_DUE), (today + timedelta(days=2)).isoformat())
    model.setData(model.index(2, COL_DUE), (today - timedelta(days=3)).isoformat())
    model.setData(model.index(2, COL_STATUS), "已完成")  # done: never flagged
    assert model.index(0, COL_TEXT).data(DUE_STATE_ROLE) == DUE_OVERDUE
    assert model.index(0, COL_TEXT).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert model.index(1, COL_TEXT).data(Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BACKGROUND
    assert model.index(2, COL_TEXT).data(DUE_STATE_ROLE) is None
    due = window.findChild(QComboBox, "dueFilter")
    due.setCurrentIndex(due.findData(DUE_OVERDUE))
    assert model.task_ids == [overdue_id]
    due.setCurrentIndex(due.findData(DUE_SOON))
    assert model.task_ids == [soon_id]


def test_selecting_a_task_shows_it_in_its_document(qtbot, window):
    choose_unit(qtbot, window, UNIT, ROLE_LEAD)
    view = window.tasks_tab.view
    view.setCurrentIndex(view.model().index(0, COL_TEXT))
    task = stored_task(window, view.model().index(0, 0).data(ID_ROLE))
    pane = window.document_pane
    assert pane.document_id == task.document_id == document_id_of_seed(window, "004")
    assert task.text[:10] in pane.view.textCursor().block().text()


def test_selecting_a_linked_task_shows_its_report_sentence(qtbot, make_window, seeded_db_url):
    from gzviewer.store.database import open_database
    from gzviewer.store.link_queries import find_source_report, link_documents
    from gzviewer.store.queries import resolve_document

    database = open_database(seeded_db_url)
    with database.session() as session:
        assignment = resolve_document(session, "004_")
        report = find_source_report(session, assignment)
        assert report is not None
        report_id = report.id
        link_documents(session, report, assignment)
    database.dispose()
    window = make_window(seeded_db_url)
    view = window.tasks_tab.view
    view.setCurrentIndex(view.model().index(0, COL_TEXT))
    assert window.document_pane.document_id == report_id
    assert "原文" in window.statusBar().currentMessage()


def test_delete_key_clears_a_due_date(qtbot, window):
    view = window.tasks_tab.view
    model = view.model()
    index = model.index(0, COL_DUE)
    task_id = index.data(ID_ROLE)
    model.setData(index, "2030-01-31")
    assert stored_task(window, task_id).due_date == "2030-01-31"
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored_task(window, task_id).due_date is None
    assert model.index(0, COL_DUE).data() == ""

"""The task detail panel below the tasks table: full text, correction by hand (units, text, add,
delete, split, merge) as undo steps, kept over a re-import and used by the filter and the export."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from gzviewer.errors import GzviewerError
from gzviewer.store.queries import ROLE_COOP, ROLE_LEAD, TaskFilter, fetch_tasks, fetch_tasks_by_ids
from gzviewer.store.task_corrections import task_state
from gzviewer.ui import task_dialogs
from gzviewer.ui.models.tasks import COL_TEXT, COLUMN_INDEX
from tests.conftest import seed_path
from tests.reliability.notice_variants import insert_task
from tests.ui.conftest import document_id_of_seed, reopen, type_text
from tests.ui.test_tasks_tab import choose_unit

INSERTED = "加快建设量子科技创新平台，推进量子计算研究院组建工作。"
COL_LEAD = COLUMN_INDEX["lead_units"]


def tasks_of(window, task_filter: TaskFilter):
    with window.database.session() as session:
        return fetch_tasks(session, task_filter)


def stored(window, task_id: int):
    """The task as stored, or None when it was deleted (by hand or by merging) or removed."""
    with window.database.session() as session:
        try:
            if task_state(session, task_id).deleted:
                return None
        except GzviewerError:
            return None
        return fetch_tasks_by_ids(session, [task_id])[0]


def show(qtbot, window, task_id: int):
    tab = window.tasks_tab
    window.tabs.setCurrentWidget(tab)
    assert tab.select_task(task_id)
    assert tab.detail.task_id == task_id
    return tab.detail


def notice_tasks(window) -> TaskFilter:
    return TaskFilter(document_id=document_id_of_seed(window, "004"))


def test_the_panel_shows_the_selected_task_in_full(qtbot, window):
    task = tasks_of(window, notice_tasks(window))[0]
    panel = show(qtbot, window, task.id)
    assert panel.text_edit.toPlainText() == task.text
    assert panel.text_edit.lineWrapMode() != panel.text_edit.LineWrapMode.NoWrap
    assert (panel.leader_edit.text(), panel.lead_edit.text(), panel.coop_edit.text()) == (
        task.leader, task.lead_units, task.coop_units)
    assert f"第 {task.no} 项" in panel.heading.text() and task.section in panel.heading.text()
    assert "已更正" not in panel.heading.text()
    assert not panel.save_button.isEnabled()


def test_units_corrected_in_the_panel_are_kept_over_a_reimport_and_used_by_filter_and_export(
        qtbot, window, tmp_path):
    tab = window.tasks_tab
    original = tasks_of(window, TaskFilter(unit="市科技局", role=ROLE_LEAD))[0]
    panel = show(qtbot, window, original.id)
    panel.lead_edit.setText("市民政局")
    panel.coop_edit.setText("市发改委、市财政局")  # an alias, made canonical
    assert panel.save_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    assert "已更正" in panel.heading.text()
    assert "牵头单位（增加 市民政局，删去 市科技局）" in panel.correction_note.text()
    assert panel.coop_edit.text() == "市发展改革委、市财政局"
    row = tab.model.row_of(original.id)
    assert tab.model.index(row, COL_LEAD).data() == "市民政局"
    assert tab.detail.task_id == original.id and tab.selected_task_id() == original.id
    assert "市民政局" in tab.unit_filter.unit_names

    revised = tmp_path / seed_path("004").name
    insert_task(seed_path("004"), revised, 0, INSERTED, "王 东", "市科技局")
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as blocker:
        window.import_paths([revised])
    [result] = blocker.args[0]
    assert result.error is None

    task = stored(window, original.id)
    assert (task.no, task.corrected, task.lead_units, task.coop_units) == (
        original.no + 1, True, "市民政局", "市发展改革委、市财政局")
    choose_unit(qtbot, window, "市民政局", ROLE_LEAD)
    shown = [tab.model.task_id(r) for r in range(tab.model.rowCount())]
    assert original.id in shown
    assert tab.model.rowCount() == len(tasks_of(window, TaskFilter(unit="市民政局", role=ROLE_LEAD)))
    choose_unit(qtbot, window, "市科技局", ROLE_LEAD)
    assert original.id not in [tab.model.task_id(r) for r in range(tab.model.rowCount())]
    choose_unit(qtbot, window, "市财政局", ROLE_COOP)
    assert original.id in [tab.model.task_id(r) for r in range(tab.model.rowCount())]

    tab.clear_filters()
    path = tmp_path / "按单位.xlsx"
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000):
        window.exporter.export_tasks(notice_tasks(window), path, per_unit=True)
    workbook = openpyxl.load_workbook(path)
    sheets = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"
              and any(c == original.text for row in ws.iter_rows(values_only=True) for c in row)]
    assert "市民政局" in sheets and "市科技局" not in sheets


def test_a_correction_is_one_undo_step_and_redo_applies_it_again(qtbot, window):
    task = tasks_of(window, notice_tasks(window))[3]
    panel = show(qtbot, window, task.id)
    panel.text_edit.setPlainText("改写后的任务内容。")
    panel.deadline_edit.setText("2026年6月底前")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert stored(window, task.id).text == "改写后的任务内容。"
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == f"修改第 {task.no} 项任务"
    assert window.tasks_tab.model.index(window.tasks_tab.model.row_of(task.id), COL_TEXT).data() == "改写后的任务内容。"

    window.tasks_tab.view.setFocus()
    qtbot.keyClick(window.tasks_tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = stored(window, task.id)
    assert (back.text, back.corrected) == (task.text, False)
    assert panel.text_edit.toPlainText() == task.text and panel.deadline_edit.text() != "2026年6月底前"
    assert "已更正" not in panel.heading.text()
    qtbot.keyClick(window.tasks_tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(window, task.id).text == "改写后的任务内容。"
    assert panel.text_edit.toPlainText() == "改写后的任务内容。"


def test_typed_corrections_are_saved_when_another_task_is_chosen(qtbot, window):
    first, second = tasks_of(window, notice_tasks(window))[:2]
    panel = show(qtbot, window, first.id)
    panel.leader_edit.setText("李 四")
    window.tasks_tab.select_task(second.id)
    qtbot.waitUntil(lambda: stored(window, first.id).leader == "李 四")
    assert window.tasks_tab.detail.task_id == second.id
    assert window.tasks_tab.selected_task_id() == second.id


def test_split_into_parts_then_merge_the_selected_rows(qtbot, window, monkeypatch):
    tab = window.tasks_tab
    tasks = tasks_of(window, notice_tasks(window))
    task = tasks[5]
    total = tab.model.rowCount()
    offered = []
    monkeypatch.setattr(task_dialogs, "ask_split_parts",
                        lambda _parent, text: offered.append(text) or ["第一部分。", "第二部分。"])
    panel = show(qtbot, window, task.id)
    qtbot.mouseClick(panel.split_button, Qt.MouseButton.LeftButton)
    assert offered == [task.text]
    assert tab.model.rowCount() == total + 1
    row = tab.model.row_of(task.id)
    new_id = tab.model.task_id(row + 1)
    assert [stored(window, i).text for i in (task.id, new_id)] == ["第一部分。", "第二部分。"]
    assert stored(window, new_id).lead_units == task.lead_units

    selection = tab.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(tab.model.index(row, 0), flags)
    selection.select(tab.model.index(row + 1, 0), flags)
    assert tab.selected_task_ids() == [task.id, new_id]
    assert panel.merge_button.text() == "合并所选（2 项）"
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == total
    assert stored(window, task.id).text == "第一部分。第二部分。"
    assert stored(window, new_id) is None  # merged away (hidden)
    assert panel.task_id == task.id and panel.text_edit.toPlainText() == "第一部分。第二部分。"

    window.undo_stack.undo()  # the merge
    assert tab.model.rowCount() == total + 1
    window.undo_stack.undo()  # the split
    assert tab.model.rowCount() == total
    assert stored(window, task.id).text == task.text and not stored(window, task.id).corrected


def test_merge_with_the_next_task(qtbot, window):
    tab = window.tasks_tab
    first, second = tasks_of(window, notice_tasks(window))[7:9]
    panel = show(qtbot, window, first.id)
    assert panel.merge_button.text() == "与下一项合并" and panel.merge_button.isEnabled()
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert stored(window, first.id).text == first.text + second.text
    assert tab.model.row_of(second.id) is None


def test_delete_asks_first_and_can_be_undone(qtbot, window, monkeypatch):
    tab = window.tasks_tab
    task = tasks_of(window, TaskFilter(unit="市科技局", role=ROLE_LEAD))[0]
    total = tab.model.rowCount()
    answers = []

    def answer(reply):
        def question(_parent, title, text, *_args):
            answers.append((title, text))
            return reply
        return question

    panel = show(qtbot, window, task.id)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert answers and answers[0][0] == "删除任务" and f"第 {task.no} 项" in answers[0][1]
    assert tab.model.rowCount() == total and stored(window, task.id) is not None

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == total - 1
    assert stored(window, task.id) is None
    assert panel.task_id is not None and panel.task_id != task.id  # the next task is shown
    assert f"共 {total - 1} 项任务" in tab.count_label.text()
    assert len(tasks_of(window, TaskFilter(unit="市科技局", role=ROLE_LEAD))) == 15

    window.undo_stack.undo()
    assert tab.model.rowCount() == total and stored(window, task.id) is not None
    assert panel.task_id == task.id


def test_add_a_task_after_the_selected_one(qtbot, window, monkeypatch):
    tab = window.tasks_tab
    task = tasks_of(window, notice_tasks(window))[2]
    total = tab.model.rowCount()
    monkeypatch.setattr(task_dialogs, "ask_new_task_text", lambda _parent: "新增的手工任务。")
    panel = show(qtbot, window, task.id)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == total + 1
    assert panel.task_id != task.id and panel.text_edit.toPlainText() == "新增的手工任务。"
    assert "手工新增" in panel.heading.text()
    assert tab.model.row_of(panel.task_id) == tab.model.row_of(task.id) + 1
    panel.lead_edit.setText("市财政局")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert stored(window, panel.task_id).lead_units == "市财政局"


def test_progress_written_in_the_panel_goes_through_the_review_path(qtbot, window):
    task = tasks_of(window, notice_tasks(window))[1]
    panel = show(qtbot, window, task.id)
    panel.progress_edit.setPlainText("已完成选址；\n正在开展设计招标")
    assert panel.save_progress_button.isEnabled()
    qtbot.mouseClick(panel.save_progress_button, Qt.MouseButton.LeftButton)
    assert stored(window, task.id).progress == "已完成选址；\n正在开展设计招标"
    assert window.undo_stack.undoText() == f"修改第 {task.no} 项任务的进展情况"
    panel.status_combo.setCurrentIndex(panel.status_combo.findText("推进中"))
    panel.status_combo.activated.emit(panel.status_combo.currentIndex())
    assert stored(window, task.id).status == "推进中"
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert (stored(window, task.id).progress, stored(window, task.id).status) == ("", "未开始")
    assert panel.progress_edit.toPlainText() == ""


def test_an_invalid_correction_is_refused_with_a_message(qtbot, window):
    task = tasks_of(window, notice_tasks(window))[0]
    panel = show(qtbot, window, task.id)
    panel.text_edit.setPlainText("   ")
    with qtbot.waitSignal(window.tasks_tab.statusMessage) as blocker:
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "任务内容不能为空" in blocker.args[0]
    assert window.undo_stack.count() == 0 and stored(window, task.id).text == task.text


@pytest.mark.parametrize("collapsed", [True, False])
def test_the_panel_size_is_remembered(qtbot, make_window, window, collapsed):
    splitter = window.tasks_tab.splitter
    window.tabs.setCurrentWidget(window.tasks_tab)
    total = sum(splitter.sizes())
    splitter.setSizes([total, 0] if collapsed else [total - 200, 200])
    reopened = reopen(make_window, window)
    reopened.tabs.setCurrentWidget(reopened.tasks_tab)
    sizes = reopened.tasks_tab.splitter.sizes()
    assert (sizes[1] == 0) if collapsed else abs(sizes[1] - 200) <= 2


def test_the_unit_fields_complete_the_name_being_typed(qtbot, window):
    task = tasks_of(window, notice_tasks(window))[0]
    panel = show(qtbot, window, task.id)
    completer = panel.coop_completer
    assert "市财政局" in completer.names and len(completer.names) > 50  # stored units and the directory
    edit = panel.coop_edit
    edit.setFocus()
    edit.setText("市民政局、")
    edit.setCursorPosition(len(edit.text()))
    type_text(edit, "财政")
    assert completer.completionPrefix() == "财政"
    offered = [completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())]
    assert "市财政局" in offered
    edit.insert_completion("市财政局")
    assert edit.text() == "市民政局、市财政局"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "\n" not in edit.toPlainText()
    assert panel.pending_changes() == {"coop_units": "市民政局、市财政局"}

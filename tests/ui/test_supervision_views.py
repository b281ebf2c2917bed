"""The round view and the history panel over seed 004 (widgets on their own, no main window)."""

from __future__ import annotations

from datetime import date

import openpyxl

from gzviewer.export.ledger import HEADER_ID, HEADER_PROGRESS, HEADER_STATUS
from gzviewer.services.rounds import export_round_sheets, import_returned_sheet
from gzviewer.store.history import SOURCE_WINDOW, ChangeSource
from gzviewer.store.queries import save_review
from gzviewer.ui.history_panel import NO_TASK, TaskHistoryPanel
from gzviewer.ui.models.supervision import NOT_RETURNED, R_RETURNED, R_UNIT, RETURNED
from gzviewer.ui.round_view import RoundView

ROUND = "2021年第一季度"


def _return_science_sheet(db, directory) -> None:
    with db.session() as session:
        paths = {r.path.stem: r.path for r in export_round_sheets(session, ROUND, directory)}
    workbook = openpyxl.load_workbook(paths["市科技局"])
    sheet = workbook.worksheets[0]
    columns = {c.value: c.column for c in sheet[2] if c.value}
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, columns[HEADER_ID]).value)
    sheet.cell(row, columns[HEADER_STATUS]).value = "推进中"
    sheet.cell(row, columns[HEADER_PROGRESS]).value = "已完成规划编制"
    workbook.save(paths["市科技局"])
    with db.session() as session:
        import_returned_sheet(session, paths["市科技局"], ROUND)


def test_round_view_shows_who_returned_and_exports(qtbot, qtmodeltester, store_004, tmp_path):
    view = RoundView(store_004)
    qtbot.addWidget(view)
    view.today = date(2021, 4, 15)
    assert view.round_choice.count() == 0 and not view.chase_button.isEnabled()
    assert view.new_round(ROUND, "2021-04-10")
    assert view.current_round == ROUND and view.model.rowCount() == 50
    _return_science_sheet(store_004, tmp_path / "sheets")
    view.refresh()
    shown = {view.model.index(r, R_UNIT).data(): view.model.index(r, R_RETURNED).data()
             for r in range(view.model.rowCount())}
    assert shown["市科技局"] == RETURNED and shown["市发展改革委"] == NOT_RETURNED
    assert list(shown.values()).count(NOT_RETURNED) == 49
    qtmodeltester.check(view.model)
    assert "已返回 1 个，未返回 49 个" in view.summary.text()
    assert not view.new_round(ROUND, "2021-04-10")  # the name is taken: said in the status line
    assert "已存在" in view.status_line.text()

    chase, bulletin = tmp_path / "催办.xlsx", tmp_path / "通报.docx"
    view.export_chase(str(chase))
    qtbot.waitUntil(lambda: "已导出催办清单" in view.status_line.text(), timeout=20000)
    assert chase.exists() and "49 个单位" in view.status_line.text()
    view.export_bulletin(str(bulletin))
    qtbot.waitUntil(lambda: "已生成情况通报" in view.status_line.text(), timeout=20000)
    assert bulletin.exists()


def test_history_panel_lists_the_selected_tasks_changes_newest_first(qtbot, qtmodeltester, store_004):
    with store_004.session() as session:
        save_review(session, 1, status="推进中", source=ChangeSource(SOURCE_WINDOW, user="王五"))
        save_review(session, 1, progress="已开工", source=ChangeSource(SOURCE_WINDOW, user="王五"))
    panel = TaskHistoryPanel(store_004)
    qtbot.addWidget(panel)
    assert panel.title.text() == NO_TASK
    panel.show_task(1)
    assert panel.model.rowCount() == 2
    assert [panel.model.index(0, c).data() for c in (1, 2, 3, 4, 5)] == ["进展情况", "（空）", "已开工", "窗口", "王五"]
    assert panel.title.text() == "第 1 项任务的修改记录（2 条）"
    qtmodeltester.check(panel.model)
    panel.show_task(2)
    assert panel.model.rowCount() == 0 and "还没有修改记录" in panel.title.text()

"""Task workbooks: read back with openpyxl and checked the way a meeting would use them."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from sqlalchemy import text

from gzviewer.cli import main
from gzviewer.errors import GzviewerError
from gzviewer.export import export_tasks, export_tasks_split
from gzviewer.export.ledger import HEADER_ID, LEDGER_SHEET, read_ledger
from gzviewer.export.names import UniqueNames, file_stem, sheet_name
from gzviewer.export.styles import display_width, line_count, row_height
from gzviewer.export.tasks_xlsx import NO_LEAD_GROUP, SUMMARY_SHEET
from gzviewer.export.titles import task_document_title, task_filter_parts
from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TaskRecord
from gzviewer.store.importer import import_extracted
from gzviewer.store.queries import ROLE_ALL, ROLE_LEAD, TaskFilter, count_tasks, fetch_tasks, unit_summaries

HEADERS = ["序号", "重点工作", "分管领导", "牵头单位", "配合单位", "状态", "进展情况", "备注", HEADER_ID]
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _document_id(database) -> int:
    with database.session() as session:
        return fetch_tasks(session, TaskFilter(), limit=1)[0].document_id


def _task_rows(sheet) -> list[tuple]:
    id_column = HEADERS.index(HEADER_ID)
    return [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[id_column]]


def test_seed_004_gives_280_tasks(store_004):
    with store_004.session() as session:
        assert count_tasks(session, TaskFilter()) == 280


def test_unit_workbook_layout(store_004, tmp_path):
    path = tmp_path / "keji.xlsx"
    with store_004.session() as session:
        result = export_tasks(session, TaskFilter(document_id=_document_id(store_004), unit="市科技局", role=ROLE_LEAD),
                              path)
    assert result.count == 16
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "2021年市政府工作报告部署工作责任分工（市科技局牵头）"
    assert [c.value for c in sheet[2]] == HEADERS
    rows = _task_rows(sheet)
    assert len(rows) == 16
    assert all(row[3] == "市科技局" or "市科技局" in row[3] for row in rows)
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows.replace("$", "") == "2:2"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet.auto_filter.ref.startswith("A2:I")
    assert sheet.column_dimensions["I"].hidden
    assert "A1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.data_validations.dataValidation  # status drop-down
    assert workbook[LEDGER_SHEET].sheet_state == "veryHidden"


def test_styles_fonts_and_row_heights(store_004, tmp_path):
    path = tmp_path / "keji.xlsx"
    with store_004.session() as session:
        export_tasks(session, TaskFilter(unit="市科技局", role=ROLE_LEAD), path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].font.name == "黑体"
    assert all(cell.font.bold for cell in sheet[2])
    widths = {c.column_letter: sheet.column_dimensions[c.column_letter].width for c in sheet[2]}
    for row in sheet.iter_rows(min_row=3):
        if row[8].value is None:
            continue
        assert row[1].font.name == "宋体"
        assert row[1].alignment.wrap_text
        assert row[1].border.left.style == "thin" and row[1].border.bottom.style == "thin"
        texts = [(str(c.value), widths[c.column_letter]) for c in row[:8] if c.value is not None]
        assert sheet.row_dimensions[row[0].row].height >= row_height(texts) - 0.01


def test_section_and_category_rows_precede_their_tasks(store_004, tmp_path):
    path = tmp_path / "all.xlsx"
    with store_004.session() as session:
        export_tasks(session, TaskFilter(), path)
        tasks = fetch_tasks(session, TaskFilter())
    sheet = openpyxl.load_workbook(path).worksheets[0]
    groups, last_group = {}, []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[8] is None:
            last_group.append(row[0])
        else:
            groups[row[0]] = list(last_group)
            last_group = []
    assert len(groups) == 280
    first = tasks[0]
    assert groups[first.no] == [first.section, first.category]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    group_rows = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 9).value is None]
    assert all(f"A{r}:H{r}" in merged for r in group_rows)


def _formula_document(database) -> None:
    hostile = ["=HYPERLINK(\"http://x\",\"点击\")", "+1+2", "-3+4", "@SUM(A1:A2)", "=1+1"]
    text = "。".join(hostile) + "。"
    tasks = [TaskRecord(no=i + 1, section="=板块", category=None, text=value, leader="=王五",
                        lead_units=["市科技局"], coop_units=["=市财政局"], remark="=备注")
             for i, value in enumerate(hostile)]
    extracted = ExtractedDocument(source_name="f.txt", format="txt", content_hash="f" * 64,
                                  meta=DocumentMeta(title="公式测试分工", kind="task_assignment"), text=text, tasks=tasks)
    import_extracted(database, extracted, unit_kind=lambda name: "市直部门")


def test_no_cell_is_a_formula(database, tmp_path):
    _formula_document(database)
    path = tmp_path / "formula.xlsx"
    with database.session() as session:
        export_tasks(session, TaskFilter(), path, per_unit=True)
    workbook = openpyxl.load_workbook(path)
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.quotePrefix or sheet.title == LEDGER_SHEET
    assert "=HYPERLINK(\"http://x\",\"点击\")" in values and "@SUM(A1:A2)" in values
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8")


def test_per_unit_workbook(store_004, tmp_path):
    path = tmp_path / "per_unit.xlsx"
    with store_004.session() as session:
        result = export_tasks(session, TaskFilter(), path, per_unit=True)
        leads = {u.name: u.lead for u in unit_summaries(session) if u.lead}
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == SUMMARY_SHEET == result.sheets[0]
    summary = workbook[SUMMARY_SHEET]
    counted = {row[1]: row[2] for row in summary.iter_rows(min_row=3, values_only=True) if row[0] is not None}
    assert counted == leads
    names = [n for n in workbook.sheetnames if n != LEDGER_SHEET]
    assert len(names) == len(set(names)) == len(leads) + 1
    for name in names:
        assert len(name) <= 31 and not FORBIDDEN_IN_SHEET_NAMES.search(name)
    for unit, count in leads.items():
        sheet = workbook[sheet_name(unit)[:31]]
        assert sheet["A1"].value.endswith(f"（{unit}牵头）")
        assert len(_task_rows(sheet)) == count
    assert len(read_ledger(workbook).entries) == 280


def test_split_writes_one_safe_file_per_lead_unit(store_004, tmp_path):
    folder = tmp_path / "split" / "nested"
    with store_004.session() as session:
        results = export_tasks_split(session, TaskFilter(), folder)
        leads = {u.name: u.lead for u in unit_summaries(session) if u.lead}
    assert len(results) == len(leads)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{file_stem(u)}.xlsx" for u in leads)
    for result in results:
        sheet = openpyxl.load_workbook(result.path).worksheets[0]
        assert len(_task_rows(sheet)) == result.count == leads[result.path.stem]


def test_split_handles_units_that_need_renaming_and_tasks_without_lead(database, tmp_path):
    tasks = [TaskRecord(no=1, section=None, category=None, text="甲项工作。", leader=None, lead_units=["甲/乙:办"]),
             TaskRecord(no=2, section=None, category=None, text="乙项工作。", leader=None, lead_units=["甲_乙_办"]),
             TaskRecord(no=3, section=None, category=None, text="丙项工作。", leader=None, lead_units=[])]
    import_extracted(database, ExtractedDocument("s.txt", "txt", "s" * 64, DocumentMeta(title="命名测试"), "甲。",
                                                 tasks=tasks), unit_kind=lambda name: "其他")
    with database.session() as session:
        results = export_tasks_split(session, TaskFilter(), tmp_path)
    names = sorted(r.path.name for r in results)
    assert names == sorted(["甲_乙_办.xlsx", "甲_乙_办(2).xlsx", f"{NO_LEAD_GROUP}.xlsx"])


def test_nothing_to_export_is_an_error_and_writes_no_file(store_004, tmp_path):
    path = tmp_path / "none.xlsx"
    with store_004.session() as session, pytest.raises(GzviewerError, match="没有符合条件的任务"):
        export_tasks(session, TaskFilter(unit="不存在的单位"), path)
    assert not path.exists()


def test_unwritable_target_is_a_one_line_error(store_004, tmp_path):
    with store_004.session() as session, pytest.raises(GzviewerError, match="无法写入文件“x.xlsx”"):
        export_tasks(session, TaskFilter(), tmp_path / "missing" / "x.xlsx")


def test_cli_export_with_unit_alias(store_004, tmp_path, capsys):
    path = tmp_path / "fgw.xlsx"
    code = main(["--db", store_004.url, "export", "tasks", "--lead", "市发改委", "-o", str(path)])
    assert code == 0
    assert "已导出" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value.endswith("（市发展改革委牵头）")
    with store_004.session() as session:
        expected = count_tasks(session, TaskFilter(unit="市发展改革委", role=ROLE_LEAD))
    assert len(_task_rows(sheet)) == expected > 0


def test_cli_export_split_and_bad_combination(store_004, tmp_path, capsys):
    assert main(["--db", store_004.url, "export", "tasks", "--status", "未开始", "--split", str(tmp_path / "d")]) == 0
    assert "个文件" in capsys.readouterr().out
    code = main(["--db", store_004.url, "export", "tasks", "--per-unit", "--split", str(tmp_path / "e")])
    assert code == 1
    assert "不能同时使用" in capsys.readouterr().err


def test_a_note_typed_with_a_vertical_tab_is_saved_without_it_and_exports(store_004, tmp_path, capsys):
    with store_004.session() as session:
        task_id = fetch_tasks(session, TaskFilter(), limit=1)[0].id
    note = "先行\x0b后续\x0c分页\x00\x7f\r\n换行\t制表"
    assert main(["--db", store_004.url, "review", str(task_id), "--note", note, "--progress", "进展\x1b"]) == 0
    with store_004.session() as session:
        row = next(r for r in fetch_tasks(session, TaskFilter()) if r.id == task_id)
    assert (row.note, row.progress) == ("先行后续分页\n换行\t制表", "进展")
    path = tmp_path / "all.xlsx"
    assert main(["--db", store_004.url, "export", "tasks", "-o", str(path)]) == 0
    assert "已导出" in capsys.readouterr().out
    values = {v for row in _task_rows(openpyxl.load_workbook(path).worksheets[0]) for v in row}
    assert "先行后续分页\n换行\t制表" in values and "进展" in values


def test_control_characters_already_in_the_store_are_replaced_in_the_sheet(store_004, tmp_path):
    """A database written before reviews were cleaned may hold them: the export must still work."""
    with store_004.session() as session:
        task = fetch_tasks(session, TaskFilter(), limit=1)[0]
        session.execute(text("DELETE FROM review WHERE task_id = :id"), {"id": task.id})
        session.execute(text("INSERT INTO review (task_id, status, progress, note, revision) "
                             "VALUES (:id, '推进中', :progress, :note, 1)"),
                        {"id": task.id, "progress": "旧\x0b进展", "note": "旧\x01备注\x08"})
    path = tmp_path / "legacy.xlsx"
    with store_004.session() as session:
        export_tasks(session, TaskFilter(), path)
    first = _task_rows(openpyxl.load_workbook(path).worksheets[0])[0]
    assert first[HEADERS.index("进展情况")] == "旧\ufffd进展" and first[HEADERS.index("备注")] == "旧\ufffd备注\ufffd"


def test_titles_from_documents_and_filters():
    assert task_document_title("广州市人民政府关于印发2021年市政府工作报告部署工作责任分工的通知") == \
        "2021年市政府工作报告部署工作责任分工"
    assert task_document_title("某区人民政府关于印发《2022年重点工作任务清单》的通知") == "2022年重点工作任务清单"
    assert task_document_title("广州市人民政府工作报告(2021年)").endswith("责任分工")
    parts = task_filter_parts(TaskFilter(unit="市科技局", role=ROLE_ALL, leader="王东", status="推进中"))
    assert parts == ["市科技局牵头或配合", "王东分管", "状态：推进中"]


def test_names_are_legal_and_unique():
    names = UniqueNames({"导出记录"})
    long_name = "广州市" + "很长的单位名称" * 6
    first = names.claim(sheet_name(long_name), 31)
    second = names.claim(sheet_name(long_name), 31)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert names.claim(sheet_name("History"), 31) != "History"
    assert sheet_name("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    assert names.claim("导出记录", 31) != "导出记录"
    assert file_stem('a<b>:"c"/d\\e|f?g*. ') == "a_b___c__d_e_f_g_"
    assert file_stem("CON") == "_CON"
    # Nothing XML forbids reaches a sheet name, and no lone surrogate a file name.
    assert sheet_name("科\x0b技\ud800局\uffff") == "科_技_局_" and file_stem("科\x7f技\udc80局") == "科\x7f技_局"


def test_width_and_height_estimates():
    assert display_width("市科技局") == 8
    assert display_width("5G") == 2
    assert line_count("一" * 20, 21.5) == 2
    assert line_count("一" * 10 + "\n" + "二", 40) == 2
    assert row_height([("一" * 100, 10.0)]) > row_height([("一", 10.0)])
    assert row_height([("一" * 100000, 10.0)]) == 409.0

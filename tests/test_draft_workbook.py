"""The drafted task table as a workbook: the house layout, every task a row, texts never formulas."""

from __future__ import annotations

import openpyxl
import pytest

from gzviewer.errors import GzviewerError
from gzviewer.export.draft_workbook import DRAFT_HEADERS, draft_title, write_draft_workbook
from gzviewer.parse.drafting import DraftTask
from gzviewer.parse.unit_suggest import UnitSuggestion


def _drafts() -> list[DraftTask]:
    return [
        DraftTask(1, "(一)推进城市更新", "老旧小区改造", "推进老旧小区改造，加装电梯100台。", 4,
                  [UnitSuggestion("市住房城乡建设局", 1.23456), UnitSuggestion("市规划和自然资源局", 0.5),
                   UnitSuggestion("市城市更新局", 0.25)], start=10, end=27),
        DraftTask(2, None, None, "=SUM(A1:A9)并推进“+1”行动。", 9, [], start=30, end=50),
        DraftTask(3, "-负号开头的部分", "@类别", "+加号开头的任务。", 12, [UnitSuggestion("市教育局", 0.8)]),
    ]


def test_layout_header_and_rows(tmp_path):
    path = tmp_path / "草稿.xlsx"
    drafts = _drafts()
    write_draft_workbook(drafts, path, title=draft_title("2021年某区人民政府工作报告"))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "2021年某区人民政府工作报告重点工作责任分工（草稿）"
    assert [c.value for c in sheet[2]] == list(DRAFT_HEADERS) == [
        "序号", "所属部分", "类别", "重点工作", "建议牵头单位", "备选单位", "得分"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(drafts)
    assert rows[0] == (1, "(一)推进城市更新", "老旧小区改造", "推进老旧小区改造，加装电梯100台。", "市住房城乡建设局",
                       "市规划和自然资源局、市城市更新局", pytest.approx(1.235))
    assert rows[1][4:] == (None, None, None)  # no suggestion: empty cells, not a made-up unit
    assert rows[2][4:] == ("市教育局", None, pytest.approx(0.8))
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows.replace("$", "") == "2:2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width
    assert sheet["D3"].alignment.wrap_text
    assert sheet.auto_filter.ref == "A2:G5"


def test_texts_that_look_like_formulas_stay_text(tmp_path):
    path = tmp_path / "formula.xlsx"
    write_draft_workbook(_drafts(), path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "重点工作责任分工（草稿）"
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    formula_like = {c.coordinate: c for c in cells if isinstance(c.value, str) and c.value[0] in "=+-@"}
    assert sorted(formula_like) == ["B5", "C5", "D4", "D5"]
    assert sheet["D4"].value == "=SUM(A1:A9)并推进“+1”行动。"
    assert all(c.quotePrefix for c in formula_like.values())


def test_empty_draft_and_unwritable_target(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_draft_workbook([], path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[2]] == list(DRAFT_HEADERS) and sheet.max_row == 2
    with pytest.raises(GzviewerError, match="无法写入文件"):
        write_draft_workbook(_drafts(), tmp_path / "没有这个目录" / "草稿.xlsx")
    assert not (tmp_path / "没有这个目录").exists()

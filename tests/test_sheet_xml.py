"""Sheets streamed as XML text: what openpyxl reads back must be what was written, styles included."""

from __future__ import annotations

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import WorkbookAlreadySaved

from gzviewer.export.files import new_workbook
from gzviewer.export.sheet_xml import MAX_CELL_TEXT, XML_FORBIDDEN, add_xml_sheet, register_style, sheet_text
from gzviewer.export.styles import display_width

BOLD = Font(name="黑体", size=16, bold=True)
FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(horizontal="center", wrap_text=True)


def _style_id(sheet) -> int:
    template = WriteOnlyCell(sheet)
    template.font, template.fill, template.alignment = BOLD, FILL, WRAP
    return register_style(sheet.parent, template._style)


def _round_trip(tmp_path, rows, styled: bool = False, height: float | None = None):
    workbook = new_workbook()
    sheet = add_xml_sheet(workbook, "表")
    style = _style_id(sheet) if styled else None
    for row in rows:
        sheet.append_row([(value, style) for value in row], height)
    workbook.save(tmp_path / "t.xlsx")
    return openpyxl.load_workbook(tmp_path / "t.xlsx")["表"]


def test_values_and_types_read_back(tmp_path):
    rows = [["甲 & 乙 <丙>", 12, 3.5, True, None, "末"],
            ["=SUM(A1:A2)", "+1", "-", "@提及", "第一行\n第二行", "回车\r\n换行"],
            ["  前后空格  ", "\t制表", "", 0, -7, 1e20]]
    sheet = _round_trip(tmp_path, rows)
    read = [[c.value for c in row] for row in sheet.iter_rows()]
    assert read[0] == ["甲 & 乙 <丙>", 12, 3.5, True, None, "末"]
    # text that looks like a formula stays text
    assert read[1] == ["=SUM(A1:A2)", "+1", "-", "@提及", "第一行\n第二行", "回车\r\n换行"]
    assert all(c.data_type == "s" for c in next(sheet.iter_rows(min_row=2, max_row=2)))
    # an empty string is an empty cell, as openpyxl writes it
    assert read[2] == ["  前后空格  ", "\t制表", None, 0, -7, 1e20]


def test_styles_and_row_heights_read_back(tmp_path):
    sheet = _round_trip(tmp_path, [["标题", None], [1, "二"]], styled=True, height=36.0)
    cell = sheet["A1"]
    assert (cell.font.name, cell.font.sz, cell.font.b) == ("黑体", 16, True)
    assert cell.fill.fgColor.rgb.endswith("D9D9D9") and cell.alignment.wrap_text
    assert sheet["B1"].value is None and sheet["B1"].font.b  # styled empty cells are kept
    assert sheet.row_dimensions[1].height == 36.0 and sheet.row_dimensions[2].height == 36.0


def test_unstyled_empty_cells_are_left_out(tmp_path):
    sheet = _round_trip(tmp_path, [[None, "乙", None]])
    assert sheet.max_column == 2 and sheet["B1"].value == "乙"


def test_text_is_cut_at_excels_limit(tmp_path):
    sheet = _round_trip(tmp_path, [["长" * (MAX_CELL_TEXT + 10)]])
    assert len(sheet["A1"].value) == MAX_CELL_TEXT


def test_characters_xml_forbids_are_replaced_not_fatal(tmp_path):
    # openpyxl refuses these (IllegalCharacterError), and a lone surrogate cannot even be encoded:
    # one such character in a saved note used to make every export of its tasks fail.
    bad = ["备\x0b注", "\x00空字符\x01", "分页\x0c符", "代理\ud800项", "非字符\ufffe\uffff", "\x1f"]
    sheet = _round_trip(tmp_path, [[*bad, "制表\t换行\n回车\r保留", "删除符\x7f合法"]])
    read = [c.value for c in next(sheet.iter_rows())]
    assert read == ["备\ufffd注", "\ufffd空字符\ufffd", "分页\ufffd符", "代理\ufffd项", "非字符\ufffd\ufffd", "\ufffd",
                    "制表\t换行\n回车\r保留", "删除符\x7f合法"]
    assert sheet_text("甲\x0b乙") == "甲\ufffd乙" and sheet_text("正常文字") == "正常文字"


def test_sheet_parts_written_by_openpyxl_stay(tmp_path):
    workbook = new_workbook()
    add_xml_sheet(workbook, "首页").append(["可见"])
    sheet = add_xml_sheet(workbook, "表")
    sheet.column_dimensions["B"].width = 30
    sheet.freeze_panes = "A3"
    sheet.sheet_state = "hidden"
    sheet.append(["一", "二"])
    sheet.merged_cells.ranges.add(openpyxl.worksheet.cell_range.CellRange("A1:B1"))
    sheet.auto_filter.ref = "A1:B1"
    workbook.save(tmp_path / "t.xlsx")
    read = openpyxl.load_workbook(tmp_path / "t.xlsx")["表"]
    assert read.column_dimensions["B"].width == 30 and read.freeze_panes == "A3"
    assert read.sheet_state == "hidden" and read.auto_filter.ref == "A1:B1"
    assert [str(r) for r in read.merged_cells.ranges] == ["A1:B1"]


def test_a_sheet_is_closed_once():
    sheet = add_xml_sheet(new_workbook(), "表")
    sheet.append(["一"])
    sheet.close()
    assert sheet.closed
    with pytest.raises(WorkbookAlreadySaved):
        sheet.close()


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"),
               max_size=40).filter(lambda t: not any(ord(c) < 32 and c not in "\t\n\r" for c in t))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.one_of(TEXT, st.integers(-10**12, 10**12), st.none()), min_size=1, max_size=6))
def test_any_text_reads_back_unchanged(tmp_path, values):
    sheet = _round_trip(tmp_path, [values], styled=True)
    read = [c.value for c in next(sheet.iter_rows(max_col=len(values)))]
    assert read == [v if v != "" else None for v in values]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.text(max_size=30), min_size=1, max_size=6))
def test_any_string_at_all_is_written_with_only_forbidden_characters_replaced(tmp_path, values):
    sheet = _round_trip(tmp_path, [values])
    read = [c.value for c in next(sheet.iter_rows(max_col=len(values)))]
    assert read == [XML_FORBIDDEN.sub("\ufffd", v) or None for v in values]


def test_display_width_counts_wide_characters_twice():
    # 5G: 2, 基站: 4, full-width comma: 2, curly quotes: 1 each, 引号: 4, dashes: 1 each, " ab": 3
    assert display_width("5G基站，“引号”—— ab") == 2 + 4 + 2 + 1 + 4 + 1 + 2 + 3

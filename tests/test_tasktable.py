"""Task tables: seed 004 flattened to text, and the same table as .docx, .xlsx and HTML grids."""

from __future__ import annotations

import html
import re
from functools import cache
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzviewer.errors import DocumentReadError
from gzviewer.ingest import read_document
from gzviewer.ingest.raw import RawDocument
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.tasks import extract_tasks
from gzviewer.parse.tasktable import parse_flattened_tables, parse_grid_table, parse_grid_tables
from gzviewer.parse.units import UnitDirectory
from tests.conftest import gold_normalise, load_gold, seed_path

HEADER = ["序号", "重点工作", "市政府分管领导", "牵头单位", "配合单位", "备注"]
NO_LEADER = "——"
FIELDS = ("no", "section", "category", "text", "leader", "lead_units", "coop_units")
def _assert_matches_gold(tasks, gold, exact: bool = True) -> None:
    predicted = [task.to_json() for task in tasks]
    assert len(predicted) == len(gold)
    for want, got in zip(gold, predicted, strict=True):
        for name in FIELDS:
            assert gold_normalise(got[name]) == gold_normalise(want[name]), (want["no"], name, got[name], want[name])
    if exact:
        assert predicted == gold


@cache
def _extracted_004():
    return extract_file(seed_path("004"))


@pytest.fixture(scope="module")
def gold():
    return load_gold("004_tasks.json")


@pytest.fixture(scope="module")
def directory():
    return UnitDirectory.load()


# --- seed 004, flattened web table ------------------------------------------------------------


def test_seed_004_reproduces_the_gold_table_exactly(gold):
    _assert_matches_gold(_extracted_004().tasks, gold, exact=True)


def test_seed_004_rows_point_at_their_text_in_the_cleaned_document():
    document = _extracted_004()
    for task in document.tasks:
        assert task.start >= 0
        assert document.text[task.start:task.start + len(task.text)] == task.text


def test_flattened_table_reads_wraps_dashes_and_spaced_names(directory):
    text = "\n\n".join([
        "序号", "重点工作", "市政府", "分管领导", "牵头单位", "配合单位", "备注",
        "一、推进改革", "(一)", "优化营商环境。",
        "1", "推进破产制度改革。", "——", "市法院", "市委政法委,市发展改革委",
        "2", "加强水环境治理。", "林 道平", "市水务局", "市生态环境局", "市财政局,各区政府",
        "3", "完善交通体系。", "陈志英", "市交通运输局", "市公安局(交警支队)、市港务局,",
        "广州地铁集团", "2021年底前完成",
        "(二)", "提升效能。",
        "4", "强化审计监督。", "温国辉", "市审计局",
        "公开方式:主动公开", "广州市人民政府办公厅 2021年3月2日印发",
    ])
    tasks = parse_flattened_tables(text, directory)
    assert [task.no for task in tasks] == [1, 2, 3, 4]
    assert tasks[0].leader is None and tasks[0].lead_units == ["市法院"]
    assert tasks[0].section == "一、推进改革" and tasks[0].category == "(一)优化营商环境。"
    assert tasks[1].leader == "林道平"
    assert tasks[1].lead_units == ["市水务局", "市生态环境局"]
    assert tasks[1].coop_units == ["市财政局", "各区政府"]
    assert tasks[2].coop_units == ["市公安局", "市港务局", "广州地铁集团"]
    assert tasks[2].remark == "2021年底前完成"
    assert tasks[3].category == "(二)提升效能。" and tasks[3].coop_units == []
    assert tasks[3].remark is None


def test_flattened_unit_cells_wrapped_inside_names_are_joined(directory):
    """A PDF wraps long unit cells wherever the line is full, also inside a name."""
    text = "\n".join([
        "序号", "重点工作", "分管领导", "牵头单位", "配合单位",
        "1", "推进数字经济立法工作。", "陈志英", "市工业和信息化局",
        "市委网信办,市发展改革委、市教育局、市规", "划和自然资源局、市商务局,番禺区", "政府",
        "2", "推动科技创新。", "王东", "市科技局", "市财政局",
    ])
    tasks = parse_flattened_tables(text, directory)
    assert [task.no for task in tasks] == [1, 2]
    assert tasks[0].coop_units == ["市委网信办", "市发展改革委", "市教育局", "市规划和自然资源局", "市商务局",
                                   "番禺区政府"]
    assert tasks[1].lead_units == ["市科技局"] and tasks[1].coop_units == ["市财政局"]


def test_tables_broken_over_pages_are_joined_back(directory):
    """Page 1 has the header; page 2 goes on with the rest of task 2 (its cells cut by the break,
    its lead unit merged down into task 3) and then repeats nothing but rows."""
    header = ["序号", "重点工作", "分管领导", "牵头单位", "配合单位"]
    first = [header, ["一、推进改革"] * 5, ["1", "推进破产制度改革。", "王东", "市法院", "市司法局"],
             ["2", "加强水环境", "林道平", "市水", "市生态环境局、市"]]
    second = [["", "治理。", "", "务局", "财政局"], ["3", "推进河涌整治。", "林道平", "务局", ""],
              ["二、提升效能"] * 5, ["4", "强化审计监督。", "", "", ""]]
    repeated_header = [header, ["5", "完善统计制度。", "王东", "市统计局", ""]]
    tasks = parse_grid_tables([first, second, repeated_header], directory)
    assert [task.no for task in tasks] == [1, 2, 3, 4, 5]
    assert tasks[1].text == "加强水环境治理。" and tasks[1].lead_units == ["市水务局"]
    assert tasks[1].coop_units == ["市生态环境局", "市财政局"]
    assert tasks[2].lead_units == ["市水务局"] and tasks[2].leader == "林道平"
    assert tasks[3].section == "二、提升效能" and tasks[3].lead_units == []  # no merge over a heading
    assert tasks[4].section == "二、提升效能" and tasks[4].lead_units == ["市统计局"]


def test_page_footer_after_the_last_row_is_no_remark(directory):
    text = "\n".join(["序号", "重点工作", "分管领导", "牵头单位", "备注",
                    "1", "强化审计监督。", "温国辉", "市审计局", "公开方式:主动公开"])
    tasks = parse_flattened_tables(text, directory)
    assert len(tasks) == 1 and tasks[0].remark is None


def test_flattened_table_with_responsibility_column_and_deadline(directory):
    text = "\n".join([
        "编号", "主要任务", "责任单位", "完成时限",
        "1", "建设科技创新轴。", "市科技局牵头，市财政局、黄埔区、南沙区政府配合", "2021年12月",
        "2", "推进实验室建设。", "市发改委", "长期坚持",
    ])
    tasks = parse_flattened_tables(text, directory)
    assert len(tasks) == 2
    assert tasks[0].lead_units == ["市科技局"]
    assert tasks[0].coop_units == ["市财政局", "黄埔区政府", "南沙区政府"]
    assert tasks[0].deadline == "2021年12月"
    assert tasks[1].lead_units == ["市发展改革委"] and tasks[1].deadline == "长期坚持"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_documents_without_a_task_table_give_no_table_tasks(seed, directory):
    document = extract_file(seed_path(seed))
    assert parse_flattened_tables(document.text, directory) == []
    assert document.tasks == []  # and no responsibility brackets either


def test_a_lone_header_word_in_prose_is_not_a_table(directory):
    text = "序号\n本文说明重点工作安排。\n牵头单位要加强领导。\n1\n市科技局"
    assert parse_flattened_tables(text, directory) == []


# --- grid tables (what the readers produce: merged cells repeated) ---------------------------------


def _cells(task: dict) -> list[str]:
    return [
        str(task["no"]), task["text"], task["leader"] or NO_LEADER,
        "、".join(task["lead_units"]), "、".join(task["coop_units"]), "",
    ]


def _grid_from_gold(gold) -> list[list[str]]:
    """Rows as a reader hands them on: a section row merged across the table, a category row
    with its label in 序号 and the title merged over the rest, merged cells repeated."""
    rows = [list(HEADER)]
    for section, in_section in groupby(gold, key=lambda task: task["section"]):
        rows.append([section] * len(HEADER))
        for category, tasks in groupby(in_section, key=lambda task: task["category"]):
            label, title = re.match(r"^([(（].+?[)）])(.*)$", category).groups()
            rows.append([label] + [title] * (len(HEADER) - 1))
            rows.extend(_cells(task) for task in tasks)
    return rows


def test_grid_rows_give_the_gold_tasks(gold, directory):
    _assert_matches_gold(parse_grid_table(_grid_from_gold(gold), directory), gold)


def test_grid_with_two_header_rows_and_a_vertically_merged_task(directory):
    rows = [
        ["序号", "工作任务", "分管领导", "责任单位", "责任单位"],
        ["序号", "工作任务", "分管领导", "牵头单位", "配合单位"],
        ["一、科技创新", "一、科技创新", "一、科技创新", "一、科技创新", "一、科技创新"],
        ["1", "建设实验室。", "王 东", "市科技局", "市财政局"],
        ["1", "建设实验室。", "王 东", "市科技局", "黄埔区、南沙区政府"],
        ["2", "引进人才。", "", "市人社局", ""],
        ["3", "建设会展中心。", "陈志英\n林道平", "市商务局\n市规划和自然资源局", "海珠区政府"],
    ]
    tasks = parse_grid_table(rows, directory)
    assert [task.text for task in tasks] == ["建设实验室。", "引进人才。", "建设会展中心。"]
    assert tasks[0].section == "一、科技创新" and tasks[0].leader == "王东"
    assert tasks[0].coop_units == ["市财政局", "黄埔区政府", "南沙区政府"]
    assert tasks[1].lead_units == ["市人力资源社会保障局"] and tasks[1].leader is None
    assert tasks[2].leader == "陈志英、林道平"
    assert tasks[2].lead_units == ["市商务局", "市规划和自然资源局"]


def test_grid_without_a_task_header_gives_nothing(directory):
    rows = [["指标", "2020年", "2021年"], ["地区生产总值", "2.5万亿", "2.8万亿"]]
    assert parse_grid_table(rows, directory) == []


def test_grid_tables_win_over_the_text_rendering(gold):
    raw = RawDocument("t.docx", "docx", "序号\n\n重点工作\n\n牵头单位\n\n配合单位", [_grid_from_gold(gold)[:12]])
    tasks = extract_tasks(raw, raw.text, [], [])
    assert tasks and all(task.start == -1 for task in tasks)


# --- through the readers: .docx, .xlsx, .html built from the gold ---------------------------------


def _merge_runs(gold) -> list[tuple[int, int]]:
    """(first, last) task indexes of runs of consecutive tasks in one category with one lead."""
    runs, start = [], 0
    for index in range(1, len(gold) + 1):
        if index == len(gold) or (gold[index]["lead_units"], gold[index]["category"]) != (
                gold[start]["lead_units"], gold[start]["category"]):
            if index - 1 > start:
                runs.append((start, index - 1))
            start = index
    return runs


def _layout(gold):
    """Rows as ("section"|"category"|"task", payload) in reading order."""
    for section, in_section in groupby(gold, key=lambda task: task["section"]):
        yield "section", section
        for category, tasks in groupby(in_section, key=lambda task: task["category"]):
            yield "category", category
            for task in tasks:
                yield "task", task


def _write_docx(gold, path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("2021年市政府工作报告部署工作责任分工")
    items = list(_layout(gold))
    table = document.add_table(rows=len(items) + 1, cols=len(HEADER))
    for column, name in enumerate(HEADER):
        table.cell(0, column).text = name
    row_of_task: dict[int, int] = {}
    for row, (kind, payload) in enumerate(items, start=1):
        cells = table.rows[row].cells
        if kind == "section":
            merged = cells[0].merge(cells[-1])
            merged.text = payload
        elif kind == "category":
            label, title = re.match(r"^([(（].+?[)）])(.*)$", payload).groups()
            cells[0].text = label
            cells[1].merge(cells[-1]).text = title
        else:
            row_of_task[payload["no"]] = row
            for column, value in enumerate(_cells(payload)):
                cells[column].text = value
    lead = HEADER.index("牵头单位")
    for first, last in _merge_runs(gold):
        top = table.cell(row_of_task[gold[first]["no"]], lead)
        text = top.text
        merged = top.merge(table.cell(row_of_task[gold[last]["no"]], lead))
        merged.text = text
    document.save(path)


def _write_xlsx(gold, path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    row_of_task: dict[int, int] = {}
    for kind, payload in _layout(gold):
        if kind == "task":
            sheet.append(_cells(payload))
            row_of_task[payload["no"]] = sheet.max_row
        else:
            sheet.append([payload])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                              end_column=len(HEADER))
    lead = HEADER.index("牵头单位") + 1
    for first, last in _merge_runs(gold):
        top, bottom = row_of_task[gold[first]["no"]], row_of_task[gold[last]["no"]]
        for row in range(top + 1, bottom + 1):
            sheet.cell(row=row, column=lead).value = None
        sheet.merge_cells(start_row=top, start_column=lead, end_row=bottom, end_column=lead)
    workbook.save(path)


def _write_html(gold, path) -> None:
    runs = {gold[first]["no"]: last - first + 1 for first, last in _merge_runs(gold)}
    covered = {gold[i]["no"] for first, last in _merge_runs(gold) for i in range(first + 1, last + 1)}
    lead = HEADER.index("牵头单位")
    out = ["<html><head><meta charset='utf-8'><title>责任分工</title></head><body>",
           "<div class='breadcrumb'>首页 &gt; 政务公开</div><h1>2021年市政府工作报告部署工作责任分工</h1>",
           "<table border='1'><tr>" + "".join(f"<th>{name}</th>" for name in HEADER) + "</tr>"]
    for kind, payload in _layout(gold):
        if kind == "section":
            out.append(f"<tr><td colspan='{len(HEADER)}'>{html.escape(payload)}</td></tr>")
        elif kind == "category":
            label, title = re.match(r"^([(（].+?[)）])(.*)$", payload).groups()
            out.append(f"<tr><td>{html.escape(label)}</td><td colspan='{len(HEADER) - 1}'>"
                       f"{html.escape(title)}</td></tr>")
        else:
            cells = []
            for column, value in enumerate(_cells(payload)):
                if column == lead and payload["no"] in covered:
                    continue
                span = f" rowspan='{runs[payload['no']]}'" if column == lead and payload["no"] in runs else ""
                cells.append(f"<td{span}>{html.escape(value)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def _write_mhtml(gold, path) -> None:
    """The HTML page saved as a single file: a MIME message, the page in GBK and base64 (its
    charset only in the part's header), with a picture beside it."""
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    page = path.with_suffix(".html")
    _write_html(gold, page)
    markup = page.read_text(encoding="utf-8").replace("<meta charset='utf-8'>", "")
    message = MIMEMultipart("related")
    message.attach(MIMEText(markup, "html", "gbk"))
    message.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(64), "png"))
    path.write_bytes(message.as_bytes())


@pytest.mark.parametrize("suffix, writer", [
    (".docx", _write_docx), (".xlsx", _write_xlsx), (".html", _write_html), (".mhtml", _write_mhtml),
])
def test_the_gold_table_saved_as_a_grid_gives_the_same_tasks(suffix, writer, gold, tmp_path):
    assert _merge_runs(gold), "the fixture must merge some lead cells"
    path = tmp_path / f"004_table{suffix}"
    writer(gold, path)
    raw = read_document(path)
    assert raw.tables, "the reader found no table"
    document = extract_file(path)
    _assert_matches_gold(document.tasks, gold, exact=True)
    located = [task for task in document.tasks if task.start >= 0]
    assert len(located) >= len(gold) * 0.9
    assert all(document.text[t.start:t.start + len(t.text)] == t.text for t in located)


# The same workbook as _write_xlsx writes, saved as Excel 97-2003 (.xls) by LibreOffice 7.4.
XLS_TABLE = Path(__file__).parent / "data" / "004_table.xls"


def test_the_gold_table_as_an_old_excel_file_gives_the_same_tasks(gold):
    raw = read_document(XLS_TABLE)
    assert raw.format == "xls" and raw.tables
    assert not raw.text.startswith("Sheet")  # Excel's default sheet name is no title
    document = extract_file(XLS_TABLE)
    _assert_matches_gold(document.tasks, gold, exact=True)
    # A bare table is named by its file and, holding tasks, is an assignment table.
    assert (document.meta.title, document.meta.kind) == ("004_table", "task_assignment")


def test_a_damaged_xls_is_a_clear_error(tmp_path):
    broken = tmp_path / "分工.xls"
    broken.write_bytes(XLS_TABLE.read_bytes()[:3000])
    with pytest.raises(DocumentReadError, match="分工.xls") as caught:
        read_document(broken)
    assert "\n" not in str(caught.value)


# --- never raise ------------------------------------------------------------------------------------

TABLE_TOKENS = st.sampled_from([
    "序号", "重点工作", "市政府", "分管领导", "牵头单位", "配合单位", "备注", "完成时限", "责任单位",
    "1", "2", "3", "(一)", "(二)", "一、", "强化科技创新。", "王 东", "——", "市科技局", "荔湾区、黄埔区政府",
    "市政府外办(市港澳办)", "牵头", "配合", "、", ",", "(", ")", "（", "）", "。", "\n", "\n\n", " ",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(TABLE_TOKENS, max_size=60).map("".join) | st.text(max_size=200))
def test_flattened_parser_never_raises(text):
    tasks = parse_flattened_tables(text, UnitDirectory.load())
    assert all(task.text for task in tasks)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(TABLE_TOKENS | st.text(max_size=8), max_size=7), max_size=8))
def test_grid_parser_never_raises(rows):
    parse_grid_table(rows, UnitDirectory.load())

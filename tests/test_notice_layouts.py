"""Notices in other layouts: every common way of writing who is responsible for a task.

Brackets after an item in their usual wordings, the document's own "first listed leads" rule,
label lines under a task, task tables with other columns — and the same table read from .txt,
.docx, .xlsx, .html and PDF. The real notices of ``realworld/tasktables`` are scored with the
evaluation command (``python -m gzviewer.evaluate tasks``) against their hand-made gold.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from gzviewer.evaluate import shared_dir
from gzviewer.evaluate_tasks import evaluate_tasks
from gzviewer.parse.inline_tasks import extract_inline_tasks, parse_responsibility
from gzviewer.parse.labelled_tasks import extract_labelled_tasks, label_values
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.tasktable import parse_grid_table, split_marked_units
from gzviewer.parse.units import UnitDirectory, split_unit_names

DATA = Path(__file__).parent / "data"
TASKTABLES = shared_dir() / "realworld" / "tasktables"


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory.load()


@pytest.mark.parametrize(("content", "lead", "coop"), [
    ("市科技局牵头，市财政局、市发展改革委配合", ["市科技局"], ["市财政局", "市发展改革委"]),
    ("市科技局牵头，市财政局参与", ["市科技局"], ["市财政局"]),
    ("各区政府按职责分工负责", ["各区政府"], []),
    ("市市场监管局会同市政务服务数据管理局负责", ["市市场监管局"], ["市政务服务数据管理局"]),
    ("市科技局、市财政局负责", ["市科技局", "市财政局"], []),  # no convention: all lead
    ("牵头单位：市委组织部，配合单位：市国资委，各区、县级市", ["市委组织部"], ["市国资委", "各区", "县级市"]),
    ("牵头单位：区应急管理局；责任单位：区公安分局", ["区应急管理局"], ["区公安分局"]),
    ("人力资源社会保障部等有关部门和单位负责", ["人力资源社会保障部", "有关部门和单位"], []),
    ("全国工商联、共青团中央、全国妇联等和各省级人民政府负责",
     ["全国工商联", "共青团中央", "全国妇联", "各省级人民政府"], []),
    ("市委组织部牵头，市财政局、越秀区配合", ["市委组织部"], ["市财政局", "越秀区"]),
    ("文化和旅游部、中央和国家机关工委负责", ["文化和旅游部", "中央和国家机关工委"], []),
])
def test_bracket_wordings(content, lead, coop):
    responsibility = parse_responsibility(content)
    assert responsibility is not None
    assert (responsibility.lead_units, responsibility.coop_units) == (lead, coop)


def test_first_listed_leads_where_the_bracket_says_so(directory):
    responsibility = parse_responsibility("人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同")
    assert responsibility is not None
    assert (responsibility.lead_units, responsibility.coop_units) == (["人力资源社会保障部"], ["财政部"])


@pytest.mark.parametrize("statement", ["排在第一位的部门为牵头部门。", "各项任务中第一个单位为牵头单位。"])
def test_convention_stated_in_the_preamble_holds_for_every_bracket(directory, statement):
    text = (f"各有关单位：{statement}\n"
            "1.推进数字政府建设。（市政务服务数据管理局、市发展改革委、市财政局负责）\n"
            "2.做好防汛工作。（市水务局牵头，市应急管理局配合）\n")
    tasks = extract_inline_tasks(text, [], directory)
    assert [(t.lead_units, t.coop_units) for t in tasks] == [
        (["市政务服务数据管理局"], ["市发展改革委", "市财政局"]),
        (["市水务局"], ["市应急管理局"]),
    ]


def test_convention_in_a_bracket_without_below_holds_for_that_bracket_only(directory):
    text = ("1.加强基础研究。（市科技局、市财政局负责，列第一位者为牵头单位）\n"
            "2.推进产学研合作。（市教育局、市科技局负责）\n")
    tasks = extract_inline_tasks(text, [], directory)
    assert [(t.lead_units, t.coop_units) for t in tasks] == [
        (["市科技局"], ["市财政局"]), (["市教育局", "市科技局"], []),
    ]


def test_square_brackets_and_several_brackets_in_one_item(directory):
    text = ("（一）推进乡村振兴。加快农业现代化（区农业农村局牵头，各镇街按职责分工负责）；"
            "深化农村改革【区农业农村局负责】。\n"
            "（二）做好防汛工作[区水务局负责]\n")
    tasks = extract_inline_tasks(text, [], directory)
    assert [t.text for t in tasks] == ["推进乡村振兴。加快农业现代化", "深化农村改革。", "做好防汛工作"]
    assert tasks[0].coop_units == ["各镇街"] and tasks[2].lead_units == ["区水务局"]


def test_a_bracket_with_no_words_before_it_is_no_task(directory):
    assert extract_inline_tasks("；（市科技局牵头，市财政局配合）", [], directory) == []


@pytest.mark.parametrize(("text", "names"), [
    ("人力资源社会保障部等有关部门和单位", ["人力资源社会保障部", "有关部门和单位"]),
    ("市财政局和各区政府", ["市财政局", "各区政府"]),
    ("市人力资源和社会保障局", ["市人力资源和社会保障局"]),
    ("省政府各部门、各直属机构。", ["省政府各部门", "各直属机构"]),
])
def test_unit_lists(text, names):
    assert split_unit_names(text) == names


LABELLED = """一、重点任务
1.推进城市更新。
部门分工：区住房城乡建设局牵头，区规划分局、各街道配合。
2﹒抓好安全生产。
[牵头单位：区应急管理局；责任单位：区公安分局、区消防救援大队]
责任领导：张三  完成时限：2023年6月底前
3.加强人才工作。
牵头负责领导：李四。
牵头责任单位：区委组织部。
协同责任单位：区人力资源社会保障局、区科技局等。
4.这一段没有责任单位。
"""


def test_label_lines_under_a_task(directory):
    tasks = extract_labelled_tasks(LABELLED, [], directory)
    assert [t.text for t in tasks] == ["推进城市更新。", "抓好安全生产。", "加强人才工作。"]
    assert [(t.lead_units, t.coop_units) for t in tasks] == [
        (["区住房城乡建设局"], ["区规划分局", "各街道"]),
        (["区应急管理局"], ["区公安分局", "区消防救援大队"]),
        (["区委组织部"], ["区人力资源社会保障局", "区科技局"]),
    ]
    assert [(t.leader, t.deadline) for t in tasks] == [(None, None), ("张三", "2023年6月底前"), ("李四", None)]


def test_a_line_of_prose_is_no_label_line():
    assert label_values("各单位要明确牵头单位：每项任务一个。") is None
    assert label_values("牵头单位：市科技局") == [("牵头单位", "市科技局")]


@pytest.mark.parametrize(("cell", "lead", "coop"), [
    ("市科技局（牵头）、市财政局", ["市科技局"], ["市财政局"]),
    ("市科技局、市财政局(配合)", ["市科技局"], ["市财政局"]),
])
def test_role_marks_in_a_unit_cell(cell, lead, coop):
    assert split_marked_units(cell) == (lead, coop)


# A notice's table in another layout: 责任单位 with （牵头） marks, then 完成时限 and 责任领导,
# a 序号 that restarts per section.
HEADER = ["序号", "工作任务", "责任单位", "完成时限", "责任领导"]
SECTIONS = [
    ("一、科技创新", [
        ("1", "建设重大科研平台，推进实验室体系建设。", "市科技局（牵头）、市财政局、市发展改革委", "2023年底前", "张三"),
        ("2", "推进科技成果转化。", "市科技局", "年底前", "张三"),
    ]),
    ("二、营商环境", [
        ("1", "优化政务服务流程。", "市政务服务数据管理局（牵头）、各区政府", "长期坚持", "李四"),
        ("2", "深化商事制度改革。", "市市场监管局", "2023年6月底前", "李四"),
    ]),
]
EXPECTED = [
    ("一、科技创新", "建设重大科研平台，推进实验室体系建设。", ["市科技局"], ["市财政局", "市发展改革委"], "2023年底前", "张三"),
    ("一、科技创新", "推进科技成果转化。", ["市科技局"], [], "年底前", "张三"),
    ("二、营商环境", "优化政务服务流程。", ["市政务服务数据管理局"], ["各区政府"], "长期坚持", "李四"),
    ("二、营商环境", "深化商事制度改革。", ["市市场监管局"], [], "2023年6月底前", "李四"),
]


def _rows() -> list[list[str]]:
    rows = [HEADER]
    for section, tasks in SECTIONS:
        rows.append([section] * len(HEADER))
        rows.extend(list(task) for task in tasks)
    return rows


def _write_txt(path: Path) -> None:
    """The table flattened one cell per line, as a web page copied to text gives it."""
    lines = ["市政府2023年重点工作分工表", *HEADER]
    for section, tasks in SECTIONS:
        lines.append(section)
        lines.extend(cell for task in tasks for cell in task)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("市政府2023年重点工作分工表")
    rows = _rows()
    table = document.add_table(rows=len(rows), cols=len(HEADER))
    table.style = "Table Grid"  # ruled, as notices print their tables
    for r, row in enumerate(rows):
        if len(set(row)) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, len(HEADER) - 1))
            merged.text = row[0]
            continue
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(path)


def _write_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "分工表"
    for r, row in enumerate(_rows(), start=1):
        if len(set(row)) == 1:
            sheet.cell(r, 1, row[0])
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADER))
            continue
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value)
    workbook.save(path)


def _write_html(path: Path) -> None:
    cells = []
    for row in _rows():
        if len(set(row)) == 1:
            cells.append(f'<tr><td colspan="{len(HEADER)}">{row[0]}</td></tr>')
        else:
            cells.append("<tr>" + "".join(f"<td><p>{value}</p></td>" for value in row) + "</tr>")
    path.write_text('<html><head><meta charset="utf-8"></head><body><div class="article">'
                    '<table width="900"><tr><td><p>市政府2023年重点工作分工表</p>'
                    f'<table border="1">{"".join(cells)}</table></td></tr></table></div></body></html>',
                    encoding="utf-8")


WRITERS = {".txt": _write_txt, ".docx": _write_docx, ".xlsx": _write_xlsx, ".html": _write_html}


def _summary(tasks) -> list[tuple]:
    return [(t.section, t.text, t.lead_units, t.coop_units, t.deadline, t.leader) for t in tasks]


def test_a_table_of_another_layout_as_a_grid(directory):
    assert _summary(parse_grid_table(_rows(), directory)) == EXPECTED


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_the_same_table_in_every_form_gives_the_same_tasks(tmp_path, suffix):
    path = tmp_path / f"分工表{suffix}"
    WRITERS[suffix](path)
    tasks = extract_file(path).tasks
    assert _summary(tasks) == EXPECTED
    assert [t.no for t in tasks] == [1, 2, 3, 4]


def test_the_same_table_printed_to_pdf_gives_the_same_tasks():
    """tests/data/other_layout_table.pdf is the .docx above printed by LibreOffice with a CJK font
    (``_write_docx`` to a file, then ``soffice --headless --convert-to pdf``): a ruled table."""
    assert _summary(extract_file(DATA / "other_layout_table.pdf").tasks) == EXPECTED


needs_tasktables = pytest.mark.skipif(not (TASKTABLES / "gold.json").exists(),
                                      reason="../shared/realworld/tasktables 不在")


@pytest.fixture(scope="module")
def realworld_scores() -> dict:
    return evaluate_tasks(TASKTABLES)


@needs_tasktables
def test_real_notices_meet_the_accuracy_bar(realworld_scores):
    total = realworld_scores["total"]
    assert total["units_rate"] >= 0.95, total
    assert total["precision"] >= 0.95, total


@needs_tasktables
def test_a_saved_web_page_scores_as_its_text(realworld_scores):
    scores = {score["name"]: score for score in realworld_scores["documents"]}
    pages = [name for name in scores if name.endswith(".html")]
    assert pages
    for page in pages:
        text = scores[page.removesuffix(".html") + ".txt"]
        assert (scores[page]["found"], scores[page]["units_right"], scores[page]["produced"]) == (
            text["found"], text["units_right"], text["produced"])


def test_labels_closing_a_paragraph_and_a_deadline_in_a_bracket(directory):
    text = ("1.推进城市更新，加快老旧小区改造。牵头单位：区住房城乡建设局；配合单位：各街道。\n"
            "2.抓好安全生产。部门分工：区应急管理局牵头，区公安分局配合。\n"
            "完成时限：2023年底前\n"
            "3.各单位要明确牵头单位：每项任务一个。\n")
    tasks = extract_labelled_tasks(text, [], directory)
    assert [(t.text, t.lead_units, t.coop_units, t.deadline) for t in tasks] == [
        ("推进城市更新，加快老旧小区改造。", ["区住房城乡建设局"], ["各街道"], None),
        ("抓好安全生产。", ["区应急管理局"], ["区公安分局"], "2023年底前"),
    ]
    responsibility = parse_responsibility("区水务局牵头，区应急管理局配合，2023年6月底前完成")
    assert responsibility is not None and responsibility.deadline == "2023年6月底前完成"
    assert responsibility.coop_units == ["区应急管理局"]


def test_names_set_apart_by_spaces():
    assert split_unit_names("市科技局 市财政局") == ["市科技局", "市财政局"]
    assert split_unit_names("市规划和 自然资源局、市商务局") == ["市规划和自然资源局", "市商务局"]


def test_labels_inside_a_bracket_and_heading_like_tasks(directory):
    text = ("3.推进“互联网+监管”。（责任单位：市市场监管局；配合单位：市级有关部门；完成时限：2022年底；"
            "责任领导：张三）\n"
            "（一）地区生产总值增长7%以上\n"
            "责任单位:区发展和改革局\n")
    inline = extract_inline_tasks(text, [], directory)
    labelled = extract_labelled_tasks(text, [], directory)
    assert [(t.text, t.lead_units, t.coop_units, t.deadline, t.leader) for t in inline] == [
        ("推进“互联网+监管”。", ["市市场监管局"], ["市级有关部门"], "2022年底", "张三")]
    assert [(t.text, t.lead_units) for t in labelled] == [("地区生产总值增长7%以上", ["区发展和改革局"])]


@pytest.mark.parametrize(("content", "lead", "coop"), [
    ("责任单位：区发改局（牵头）、区财政局", ["区发改局"], ["区财政局"]),
    ("区发改局（牵头）、区财政局负责", ["区发改局"], ["区财政局"]),
    ("各地区、各部门按职责分工负责", ["各地区", "各部门"], []),
])
def test_role_marks_and_collectives_in_a_bracket(content, lead, coop):
    responsibility = parse_responsibility(content)
    assert responsibility is not None
    assert (responsibility.lead_units, responsibility.coop_units) == (lead, coop)


def test_a_responsibility_bracket_alone_under_its_task(directory):
    text = ("排在第一位的部门为牵头部门。\n"
            "（一）推进数字政府建设。\n"
            "（市政务服务数据管理局、市发展改革委负责，2023年底前完成）\n"
            "（二）做好防汛工作。\n"
            "【市水务局牵头，市应急管理局配合】\n"
            "（三）本项说明（以下简称项目）。\n")
    tasks = extract_labelled_tasks(text, [], directory)
    assert [(t.text, t.lead_units, t.coop_units, t.deadline) for t in tasks] == [
        ("推进数字政府建设。", ["市政务服务数据管理局"], ["市发展改革委"], "2023年底前完成"),
        ("做好防汛工作。", ["市水务局"], ["市应急管理局"], None),
    ]

"""Inline responsibility brackets in prose: （…牵头，…配合） / （…负责）."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzviewer.ingest.raw import RawDocument
from gzviewer.parse.inline_tasks import extract_inline_tasks, parse_responsibility
from gzviewer.parse.outline import parse_outline
from gzviewer.parse.records import HeadingRecord
from gzviewer.parse.sentences import split_sentences
from gzviewer.parse.tasks import extract_tasks
from gzviewer.parse.units import UnitDirectory

PLAN = """广州市2021年重点工作安排
一、强化科技创新
(一)加强战略科技力量建设
加快建设科技创新轴（市科技局负责）。推进国家实验室建设，完善保障条件（市发展改革委牵头，市财政局、荔湾区、黄埔区政府配合）。
(二)提升产业技术创新能力
实施重点领域研发计划（牵头单位：市科技局；配合单位：市工信局，各区政府）；开展成果转化试点（市科技局负责）。
二、优化营商环境
深化“放管服”改革。持续优化服务。（市政务服务数据管理局、市发改委按职责分工负责）
本文所称“重点项目”（以下简称项目）由市政府确定（详见附件）。
"""


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory.load()


def _outline(text: str) -> list[HeadingRecord]:
    headings = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for label, level in (("一、", 1), ("二、", 1), ("(一)", 2), ("(二)", 2)):
            if line.startswith(label):
                headings.append(HeadingRecord(level, label, line[len(label):], offset, number))
        offset += len(line) + 1
    return headings


def test_brackets_become_tasks_in_document_order(directory):
    tasks = extract_inline_tasks(PLAN, _outline(PLAN), directory)
    assert [task.no for task in tasks] == [1, 2, 3, 4, 5]
    first, second, third, fourth, fifth = tasks
    assert first.text == "加快建设科技创新轴。"
    assert first.lead_units == ["市科技局"] and first.coop_units == []
    assert second.text == "推进国家实验室建设，完善保障条件。"
    assert second.lead_units == ["市发展改革委"]
    assert second.coop_units == ["市财政局", "荔湾区政府", "黄埔区政府"]
    assert (second.section, second.category) == ("一、强化科技创新", "(一)加强战略科技力量建设")
    assert third.text == "实施重点领域研发计划"
    assert third.lead_units == ["市科技局"] and third.coop_units == ["市工业和信息化局", "各区政府"]
    assert fourth.text == "开展成果转化试点。" and fourth.category == "(二)提升产业技术创新能力"
    # a bracket after finished sentences covers the paragraph
    assert fifth.text == "深化“放管服”改革。持续优化服务。"
    assert fifth.lead_units == ["市政务服务数据管理局", "市发展改革委"]
    assert (fifth.section, fifth.category) == ("二、优化营商环境", None)


def test_task_offsets_point_at_the_task_text(directory):
    for task in extract_inline_tasks(PLAN, _outline(PLAN), directory):
        assert PLAN[task.start:].startswith(task.text[:6])


def test_brackets_without_units_or_roles_are_ignored(directory):
    text = "本文所称“重点项目”（以下简称项目）由市政府确定（详见附件）。做好工作（负责同志要亲自抓）。"
    assert extract_inline_tasks(text, [], directory) == []


def test_bracket_in_the_middle_of_a_sentence_is_not_a_task(directory):
    text = "由市科技局（市科技局负责）统筹推进全市工作。"
    assert extract_inline_tasks(text, [], directory) == []


def test_leading_list_label_is_not_part_of_the_task(directory):
    tasks = extract_inline_tasks("1.推进广交会展馆四期建设（市商务局牵头，海珠区政府配合）。", [], directory)
    assert tasks[0].text == "推进广交会展馆四期建设。"


@pytest.mark.parametrize("content, lead, coop", [
    ("市科技局负责", ["市科技局"], []),
    ("由市科技局负责", ["市科技局"], []),
    ("市发展改革委牵头，市财政局、各区政府配合", ["市发展改革委"], ["市财政局", "各区政府"]),
    ("市委组织部，市发展改革委牵头，市财政局参与", ["市委组织部", "市发展改革委"], ["市财政局"]),
    ("市科技局、市财政局按职责分工负责", ["市科技局", "市财政局"], []),
    ("牵头单位：市科技局；配合单位：市财政局，黄埔区、南沙区政府", ["市科技局"],
     ["市财政局", "黄埔区政府", "南沙区政府"]),
    ("责任单位:市发改委", ["市发展改革委"], []),
])
def test_parse_responsibility(directory, content, lead, coop):
    found = parse_responsibility(content, directory)
    assert found is not None
    assert (found.lead_units, found.coop_units) == (lead, coop)


def test_bracket_with_an_alias_bracket_inside(directory):
    tasks = extract_inline_tasks("深化穗港澳合作（市政府外办（市港澳办）牵头，市商务局配合）。", [], directory)
    assert (tasks[0].lead_units, tasks[0].coop_units) == (["市政府外办"], ["市商务局"])


@pytest.mark.parametrize("content", ["以下简称项目", "详见附件", "负责同志要亲自抓", "2021年底前负责"])
def test_parse_responsibility_rejects_ordinary_brackets(content):
    assert parse_responsibility(content) is None


def test_extract_tasks_uses_inline_brackets_when_there_is_no_table():
    text = "一、强化科技创新\n加快建设大湾区国家技术创新中心（市科技局牵头，黄埔区政府配合）。\n"
    outline = parse_outline(text)
    tasks = extract_tasks(RawDocument("plan.txt", "txt", text), text, outline, split_sentences(text, outline))
    assert len(tasks) == 1
    assert tasks[0].text == "加快建设大湾区国家技术创新中心。"
    assert (tasks[0].lead_units, tasks[0].coop_units) == (["市科技局"], ["黄埔区政府"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "（", "）", "(", ")", "市科技局", "牵头", "负责", "配合", "，", "、", "。", "；", "\n", "推进建设",
    "牵头单位：", "荔湾区", "政府", "1.", "等",
]), max_size=40).map("".join) | st.text(max_size=120))
def test_inline_parser_never_raises(text):
    for task in extract_inline_tasks(text, [], UnitDirectory.load()):
        assert task.text and (task.lead_units or task.coop_units)

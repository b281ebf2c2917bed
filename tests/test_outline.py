"""Outline: the seeds against the gold headings, synthetic label variants, real provincial reports."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzviewer.parse.outline import parse_outline
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.records import ExtractedDocument
from tests.conftest import REALWORLD, gold_normalise, load_gold, seed_path

SEEDS = ("000", "001", "002", "003")
@cache
def extracted(prefix: str) -> ExtractedDocument:
    return extract_file(seed_path(prefix))


def gold_headings(prefix: str) -> list[dict]:
    return [h for h in load_gold("outline.json")["headings"] if h["doc"] == prefix]


@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_outline_matches_gold(prefix: str) -> None:
    expected = Counter((h["level"], gold_normalise(h["title"])) for h in gold_headings(prefix))
    found = Counter((h.level, gold_normalise(h.title)) for h in extracted(prefix).outline)
    assert expected - found == Counter(), "gold headings missing or with the wrong level/title"
    assert found - expected == Counter(), "invented headings"


@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_outline_labels_parents_and_inline(prefix: str) -> None:
    gold = [(gold_normalise(h["label"]), gold_normalise(h["parent"] or ""), h["inline"]) for h in gold_headings(prefix)]
    found = [(gold_normalise(h.label), gold_normalise(h.parent_label or ""), h.inline) for h in extracted(prefix).outline]
    assert found == gold


def test_inline_headings_of_003_start_at_their_label() -> None:
    document = extracted("003")
    inline = [h for h in document.outline if h.inline]
    assert [h.label for h in inline] == ["三、", "(30)", "九、", "(40)"]
    for heading in inline:
        assert document.text.startswith(heading.label, heading.start)
        assert document.text[heading.start - 1] in "。”"
    assert inline[0].title.endswith("的广州路径")


# --- Synthetic texts ---------------------------------------------------------------------------

def outline_of(text: str) -> list[tuple[int, str, str]]:
    return [(h.level, h.label, h.title) for h in parse_outline(text)]


def test_half_and_full_width_brackets() -> None:
    text = "一、总体要求\n(一)指导思想。坚持稳中求进。\n（二）基本原则\n二、主要任务\n（一）扩大内需。正文。\n"
    assert outline_of(text) == [
        (1, "一、", "总体要求"), (2, "(一)", "指导思想"), (2, "（二）", "基本原则"),
        (1, "二、", "主要任务"), (2, "（一）", "扩大内需"),
    ]


def test_item_label_variants_are_level_three_under_subsection() -> None:
    text = "一、工作安排\n（一）稳增长\n1.扩大投资。推进项目。\n2．促进消费。发放消费券。\n3、稳定外贸\n（二）促改革\n1、深化改革。\n"
    assert outline_of(text) == [
        (1, "一、", "工作安排"), (2, "（一）", "稳增长"), (3, "1.", "扩大投资"), (3, "2．", "促进消费"),
        (3, "3、", "稳定外贸"), (2, "（二）", "促改革"), (3, "1、", "深化改革"),
    ]


def test_heading_title_runs_into_body_up_to_first_full_stop() -> None:
    text = "一、回顾\n(一)综合实力显著提升。充分发挥作用,实力跃升。\n"
    assert outline_of(text)[1] == (2, "(一)", "综合实力显著提升")


def test_false_section_labels_in_running_text_are_ignored() -> None:
    text = (
        "一、工作回顾\n"
        "一是稳增长,二是促改革。三产业发展较快。\n"
        "全年一、二、三产业增加值分别增长3%、5%、6%。\n"
        "我们取得了成绩。一、这不是新的一节,编号没有接续。\n"
        "5.5%左右的增长目标是合理的。\n"
        "2021.1月起实施。\n"
        "二、今年安排\n"
    )
    assert outline_of(text) == [(1, "一、", "工作回顾"), (1, "二、", "今年安排")]


def test_heading_after_a_sentence_end_is_inline_when_it_is_next_in_sequence() -> None:
    text = "一、第一部分\n正文第一句。二、第二部分\n正文。\n"
    headings = parse_outline(text)
    assert [(h.label, h.title, h.line, h.inline) for h in headings] == [
        ("一、", "第一部分", 1, False), ("二、", "第二部分", 2, True),
    ]
    assert text[headings[1].start:].startswith("二、")


def test_mid_line_label_out_of_sequence_is_not_a_heading() -> None:
    text = "一、第一部分\n正文第一句。三、这里跳过了二,不是标题\n(1)第一段。正文。(3)跳号的段落不算。\n"
    assert outline_of(text) == [(1, "一、", "第一部分"), (2, "(1)", "第一段")]


def test_inline_heading_running_into_opening_sentence_is_cut_at_restated_subject() -> None:
    text = "一、甲\n正文。二、构建现代化产业体系,走出新路径产业体系是经济的基础。要坚持实体经济。\n"
    assert outline_of(text)[1] == (1, "二、", "构建现代化产业体系,走出新路径")


def test_numbered_paragraphs_continue_across_sections_and_may_skip() -> None:
    text = "一、甲\n(1)第一段。正文。\n(2)第二段。\n二、乙\n(3)第三段。\n(6)第六段。\n(40)不可能的跳号。\n"
    assert outline_of(text) == [
        (1, "一、", "甲"), (2, "(1)", "第一段"), (2, "(2)", "第二段"), (1, "二、", "乙"),
        (2, "(3)", "第三段"), (2, "(6)", "第六段"),
    ]


def test_a_long_jump_is_a_heading_only_when_the_numbering_resumes_after_it() -> None:
    text = "一、甲\n(1)第一段。\n(2)第二段。\n(9)第九段。\n(10)第十段。\n"
    assert [label for _, label, _ in outline_of(text)] == ["一、", "(1)", "(2)", "(9)", "(10)"]
    stray = "一、甲\n(1)第一段。\n(2)第二段。\n(9)第九段。\n二、乙\n"
    assert [label for _, label, _ in outline_of(stray)] == ["一、", "(1)", "(2)", "二、"]


def test_a_gap_may_be_as_long_as_the_part_of_the_sequence_already_seen() -> None:
    lines = [f"({n})第{n}段。" for n in (1, 2, 3, 4, 9)]
    assert [label for _, label, _ in outline_of("\n".join(lines))][-1] == "(9)"
    assert [label for _, label, _ in outline_of("\n".join(lines[:3] + ["(9)第九段。"]))][-1] == "(3)"


def test_boxes_are_leaves_under_the_section() -> None:
    text = "一、产业\n(1)制造业。正文。\n专栏一 发展低空经济\n● 产品飞得更好。\n(2)服务业。正文。\n"
    headings = parse_outline(text)
    assert [(h.level, h.label, h.parent_label) for h in headings] == [
        (1, "一、", None), (2, "(1)", "一、"), (2, "专栏一", "一、"), (2, "(2)", "一、"),
    ]
    assert headings[2].title == "发展低空经济"


def test_appendix_items_are_level_two_under_the_appendix() -> None:
    text = ("一、回顾\n二、安排\n附件1\n\n2021年十件民生实事\n一、加强食品安全。正文。\n二、促进就业。\n"
            "附件2\n名词解释\n银税互动:合作。\n")
    assert [(h.level, h.label, h.title, h.parent_label) for h in parse_outline(text)] == [
        (1, "一、", "回顾", None), (1, "二、", "安排", None), (1, "附件1", "2021年十件民生实事", None),
        (2, "一、", "加强食品安全", "附件1"), (2, "二、", "促进就业", "附件1"), (1, "附件2", "名词解释", None),
    ]


def test_bracket_label_broken_over_two_lines() -> None:
    text = "一、回顾\n（一）经济运行。\n（\n二）改革开放持续深化。正文。\n"
    assert outline_of(text)[-1] == (2, "（二）", "改革开放持续深化")


def test_not_headings_bullets_principles_and_title_lines() -> None:
    text = ("广州市人民政府工作报告(2021年)\n——2021年1月29日在会议上\n一、总体\n——坚持党的领导。正文。\n"
            "● 产品更好。\n加强战略科技力量建设。正文。\n")
    assert outline_of(text) == [(1, "一、", "总体")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三十、()（）.．、1234567890专栏附件。！\n \u3000甲乙是")) | st.characters()))
def test_parse_outline_never_raises(text: str) -> None:
    for heading in parse_outline(text):
        assert heading.level >= 1
        assert heading.title
        assert heading.line == text.count("\n", 0, heading.start) + 1


# --- Real provincial reports (no gold outline) --------------------------------------------------

REALWORLD_FILES = sorted(Path(REALWORLD).glob("*.txt"))


@pytest.mark.skipif(not REALWORLD_FILES, reason="real reports not available")
@pytest.mark.parametrize("path", REALWORLD_FILES, ids=lambda p: p.stem)
def test_real_reports_have_a_consecutive_section_sequence(path: Path) -> None:
    outline = extract_file(path).outline
    top = [h for h in outline if h.level == 1]
    assert len(top) >= 3
    assert [h.label for h in top] == [f"{n}、" for n in "一二三四五"[:len(top)]]
    assert all(not h.inline for h in top)
    for heading in outline:
        assert len(heading.title) <= 60
        assert "。" not in heading.title

"""Glossary: seed 002's 附件2, entries with lost separators, documents without a glossary."""

from __future__ import annotations

import pytest

from gzviewer.parse.glossary import extract_glossary, parse_entry
from gzviewer.parse.outline import parse_outline
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.records import GlossaryRecord
from tests.conftest import seed_path


def test_seed_002_glossary() -> None:
    glossary = extract_file(seed_path("002")).glossary
    terms = [entry.term for entry in glossary]
    assert len(glossary) == 35
    assert terms[0] == "省委“1+1+9”工作"
    assert terms[-1] == "四大文化品牌"
    entries = {entry.term: entry.definition for entry in glossary}
    assert entries["五育"] == "德育、智育、体育、美育、劳育。"
    assert entries["四大文化品牌"] == "指红色文化、岭南文化、海丝文化、创新文化。"
    assert entries["六稳"] == "稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期。"
    assert entries["三人小组"].startswith("由社区工作人员")
    assert entries["RCEP"].startswith("《区域全面经济伙伴关系协定》")
    assert entries["四个全面战略布局"].startswith("全面建设社会主义现代化国家")
    assert all(len(term) <= 20 for term in terms)
    assert not any("解读" in term or "浏览" in term for term in terms), "page chrome read as entries"


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_documents_without_glossary(prefix: str) -> None:
    assert extract_file(seed_path(prefix)).glossary == []


@pytest.mark.parametrize(("line", "term", "definition"), [
    ("1.银税互动：税务部门和银行合作。", "银税互动", "税务部门和银行合作。"),
    ("“六个三”:发挥三种力量。", "六个三", "发挥三种力量。"),
    ("“东山印象”品牌:以街区为试点。", "“东山印象”品牌", "以街区为试点。"),
    ("四个服务即为党政机关服务。", "四个服务", "为党政机关服务。"),
    ("五位一体总体布局是指五个方面建设。", "五位一体总体布局", "五个方面建设。"),
])
def test_parse_entry_with_separator(line: str, term: str, definition: str) -> None:
    assert parse_entry(line) == GlossaryRecord(term, definition)


def test_parse_entry_recovers_term_from_the_report_body() -> None:
    body = "扎实做好“六稳”工作,组建三人小组入户排查。"
    assert parse_entry("“六稳稳就业、稳金融。", body) == GlossaryRecord("六稳", "稳就业、稳金融。")
    assert parse_entry("三人小组由社区人员组成。", body) == GlossaryRecord("三人小组", "由社区人员组成。")
    assert parse_entry("完全没有出现过的一句话", body) is None


def test_glossary_section_without_appendix_label_stops_at_page_chrome() -> None:
    text = ("一、工作回顾\n做好“六稳”工作。\n二、工作安排\n推进银税互动。\n名词解释\n"
            "银税互动:税务和银行合作。\n\n“六稳稳就业、稳金融。\n\n政策解读:【一图读懂】报告\n浏览次数:-\n")
    glossary = extract_glossary(text, parse_outline(text))
    assert glossary == [GlossaryRecord("银税互动", "税务和银行合作。"), GlossaryRecord("六稳", "稳就业、稳金融。")]


def test_no_glossary_heading_means_no_entries() -> None:
    text = "一、工作回顾\n银税互动:税务和银行合作。\n"
    assert extract_glossary(text, parse_outline(text)) == []

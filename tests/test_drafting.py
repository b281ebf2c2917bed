"""Drafting candidate tasks from a report without an assignment table (seed 002, a district report)."""

from __future__ import annotations

import pytest

from gzviewer.parse.drafting import cut_candidate_tasks, draft_tasks
from gzviewer.parse.records import HeadingRecord, TaskRecord
from gzviewer.parse.sentences import split_sentences
from gzviewer.parse.unit_suggest import LeadUnitSuggester
from tests.conftest import seed_path
from tests.test_linking import gold_outline


@pytest.fixture(scope="module")
def district_report():
    text = seed_path("002").read_text(encoding="utf-8")
    outline = gold_outline("002", text)
    return text, outline, split_sentences(text, outline)


@pytest.fixture(scope="module")
def drafts(district_report):
    text, outline, sentences = district_report
    return draft_tasks(sentences, outline, len(text))


def test_drafts_cover_the_2021_work_sections_only(drafts):
    assert 60 <= len(drafts) <= 200
    assert [d.no for d in drafts] == list(range(1, len(drafts) + 1))
    sections = {d.section for d in drafts}
    assert sections == {"(一)加快构建更有竞争力的现代服务业体系", "(二)举全区之力推进全域城市更新",
                        "(三)更高起点推进改革开放", "(四)推动城市治理体系和治理能力现代化",
                        "(五)加快国家基本公共服务标准化综合试点建设", "(六)进一步提高政府治理效能"}
    texts = [d.text for d in drafts]
    # Not the review of 2020, not the five-year goals, not the appendices or the closing address.
    assert not any("各位代表" in t or t.startswith("(一)") for t in texts)
    assert all(d.text.endswith(("。", "!", "?", "！", "？")) for d in drafts)


def test_drafts_keep_the_paragraph_lead_phrase_as_category(drafts):
    categories = {d.category for d in drafts}
    assert "抢占人工智能与数字经济制高点" in categories
    assert "办好人民满意教育" in categories
    assert not any(d.text.rstrip("。") == d.category for d in drafts)


def test_drafts_suggest_plausible_lead_units(drafts):
    with_suggestions = [d for d in drafts if d.suggestions]
    assert len(with_suggestions) >= 0.8 * len(drafts)
    housing = next(d for d in drafts if "老旧小区" in d.text)
    assert "市住房城乡建设局" in [s.unit for s in housing.suggestions]
    education = [d for d in drafts if d.category == "办好人民满意教育"]
    assert sum(d.suggestions[0].unit == "市教育局" for d in education if d.suggestions) >= len(education) / 2
    for d in with_suggestions:
        scores = [s.score for s in d.suggestions]
        assert scores == sorted(scores, reverse=True) and len(scores) <= 3
        assert d.to_json()["suggested_units"][0]["unit"] == d.suggestions[0].unit


def test_stored_tables_inform_the_suggestions(district_report):
    text, outline, sentences = district_report

    def score_of(unit: str, suggester: LeadUnitSuggester) -> float:
        draft = next(d for d in draft_tasks(sentences, outline, len(text), suggester) if "花果山小镇" in d.text)
        return next((s.score for s in draft.suggestions if s.unit == unit), 0.0)

    history = [TaskRecord(1, None, None, "推进花果山小镇建设。", None, ["市文化广电旅游局"])]
    assert score_of("市文化广电旅游局", LeadUnitSuggester(examples=history)) > score_of(
        "市文化广电旅游局", LeadUnitSuggester())


def test_unstructured_text_drafts_every_work_sentence():
    text = "加快建设轨道交通。\n推进老旧小区改造,加装电梯100台。\n"
    sentences = split_sentences(text)
    drafts = cut_candidate_tasks(sentences, [], len(text))
    assert [d.text for d in drafts] == ["加快建设轨道交通。", "推进老旧小区改造,加装电梯100台。"]
    assert all(d.section is None and d.category is None for d in drafts)


def test_heading_only_sections_become_drafts():
    text = "三、2022年工作安排\n(一)改进作风。持续精简会议,切实为基层减负。\n"
    outline = [HeadingRecord(1, "三、", "2022年工作安排", 0, 1),
               HeadingRecord(2, "(一)", "改进作风", text.index("(一)"), 2)]
    drafts = cut_candidate_tasks(split_sentences(text, outline), outline, len(text))
    assert [(d.section, d.text) for d in drafts] == [("(一)改进作风", "持续精简会议,切实为基层减负。")]

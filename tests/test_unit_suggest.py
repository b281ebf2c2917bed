"""Lead-unit suggestion: portfolios, mentions, earlier tables, and the honest evaluation."""

from __future__ import annotations

import json

import pytest

from gzviewer.errors import GzviewerError
from gzviewer.parse.records import TaskRecord
from gzviewer.parse.unit_suggest import (
    LeadUnitSuggester,
    UnitPortfolio,
    evaluate_suggestions,
    load_portfolios,
)
from gzviewer.parse.units import UnitDirectory
from tests.conftest import load_gold

COMMON_UNITS = ("市发展改革委", "市工业和信息化局", "市科技局", "市商务局", "市住房城乡建设局", "市交通运输局",
                "市卫生健康委", "市教育局", "市生态环境局", "市规划和自然资源局", "市农业农村局", "市民政局",
                "市人力资源社会保障局", "市文化广电旅游局", "市水务局", "市城市管理综合执法局", "市市场监管局",
                "市地方金融监管局", "市公安局", "市司法局", "市财政局", "市政务服务数据管理局", "市应急管理局",
                "市国资委", "市退役军人事务局", "市医保局", "市体育局", "市港务局", "市林业园林局")


def gold_tasks() -> list[TaskRecord]:
    return [TaskRecord(no=t["no"], section=t["section"], category=t["category"], text=t["text"],
                       leader=t["leader"], lead_units=t["lead_units"], coop_units=t["coop_units"])
            for t in load_gold("004_tasks.json")]


def test_portfolios_use_directory_names_and_cover_common_units():
    directory = UnitDirectory.load()
    portfolios = {p.name: p for p in load_portfolios()}
    assert all(directory.knows(name) for name in portfolios)
    for name in COMMON_UNITS:
        assert 10 <= len(portfolios[name].keywords) <= 30, name
        assert len(set(portfolios[name].keywords)) == len(portfolios[name].keywords), name


def test_evaluation_on_the_assignment_table_reaches_the_goal():
    result = evaluate_suggestions(gold_tasks())
    assert result.total == 280
    assert result.top1_rate >= 0.55, result.to_json()
    assert result.top3_rate >= 0.80, result.to_json()


def test_portfolio_keywords_rank_the_responsible_department():
    suggester = LeadUnitSuggester()
    assert suggester.rank("加快老旧小区改造，推进保障性租赁住房建设。")[0].unit == "市住房城乡建设局"
    assert suggester.rank("深入开展河涌整治，消除黑臭水体。")[0].unit == "市水务局"
    top = suggester.rank("推动更多企业在境内外资本市场上市融资。")[0]
    assert top.unit == "市地方金融监管局" and top.reasons and 0 < top.score


def test_a_mentioned_unit_is_suggested():
    suggester = LeadUnitSuggester()
    ranked = [s.unit for s in suggester.rank("支持广州医科大学建设高水平大学。")]
    assert "广州医科大学" in ranked


def test_earlier_tables_teach_units_the_portfolios_do_not_know():
    portfolios = [UnitPortfolio("市科技局", ("科技",)), UnitPortfolio("市商务局", ("商贸",))]
    history = [TaskRecord(i, None, "甲", f"办好第{i}届龙舟文化节。", None, ["市体育局"]) for i in range(3)]
    suggester = LeadUnitSuggester(portfolios, history)
    assert suggester.rank("筹办龙舟文化节。")[0].unit == "市体育局"
    assert LeadUnitSuggester(portfolios).rank("筹办龙舟文化节。") == []


def test_evaluation_never_learns_from_the_same_category():
    portfolios = [UnitPortfolio("市科技局", ("科技",))]
    tasks = [TaskRecord(1, "一", "甲", "办好龙舟文化节。", None, ["市体育局"]),
             TaskRecord(2, "一", "甲", "筹办龙舟文化节。", None, ["市体育局"]),
             TaskRecord(3, "一", "乙", "推进科技创新。", None, ["市科技局"])]
    result = evaluate_suggestions(tasks, portfolios=portfolios)
    # The two festival tasks share a category, so neither may learn from the other.
    assert (result.total, result.top1) == (3, 1)
    with_history = evaluate_suggestions(tasks, history=[TaskRecord(9, "二", "丙", "龙舟文化节。", None,
                                                                   ["市体育局"])], portfolios=portfolios)
    assert with_history.top1 == 3


def test_unreadable_portfolio_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps({"units": [{"keywords": []}]}), encoding="utf-8")
    with pytest.raises(GzviewerError, match="broken.json"):
        load_portfolios(bad)

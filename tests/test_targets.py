"""Target extraction: clause rules on small texts, and the scores against the gold files."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzviewer.evaluate import (
    RawText,
    evaluate_targets,
    gold_range,
    locate,
    qualifier_class,
    same_figure,
    same_indicator,
    seed_scope,
)
from gzviewer.parse.numbers import qualifier_class as extractor_qualifier_class
from gzviewer.parse.outline import parse_outline
from gzviewer.parse.records import DocumentMeta, HeadingRecord, TargetRecord
from gzviewer.parse.sentences import split_sentences
from gzviewer.parse.targets import extract_targets

from .conftest import GOLD, REALWORLD, SHARED, load_gold

MIN_SCORE = 0.90


def targets_of(text: str, year: int | None = 2021, with_outline: bool = True):
    outline = parse_outline(text) if with_outline else []
    sentences = split_sentences(text, outline)
    return extract_targets(text, outline, sentences, DocumentMeta(title="测试报告", year=year))


def summary(records):
    return [(r.indicator, r.value, r.value_high, r.unit, r.qualifier, r.kind) for r in records]


REPORT = (
    "一、2020年工作回顾\n"
    "全年地区生产总值增长2.7%。建成5G基站4.8万座。\n"
    "二、2021年工作安排\n"
    "今年经济社会发展的主要预期目标是:地区生产总值增长6%以上,其中工业增加值增长5.5%;"
    "城镇登记失业率控制在3.5%以内;居民消费价格涨幅控制在3%左右。\n"
    "建成5G基站6.5万座。力争新增上市公司20家。打造30个夜间经济集聚区。\n"
)


def test_main_targets_sentence():
    records = [r for r in targets_of(REPORT) if "预期目标" in r.sentence]
    assert summary(records) == [
        ("地区生产总值", 6.0, None, "%", "以上", "target"),
        ("工业增加值", 5.5, None, "%", None, "target"),
        ("城镇登记失业率", 3.5, None, "%", "以内", "target"),
        ("居民消费价格涨幅", 3.0, None, "%", "左右", "target"),
    ]
    assert [r.metric for r in records] == ["growth", "growth", "ratio", "growth"]
    assert {r.year for r in records} == {"2021"}
    assert records[0].span == "地区生产总值增长6%以上"


def test_review_section_gives_achievements():
    records = targets_of(REPORT)
    by_value = {(r.indicator, r.value): r for r in records}
    assert by_value[("5G基站", 4.8)].kind == "achievement"
    assert by_value[("5G基站", 4.8)].year == "2020"
    assert by_value[("5G基站", 6.5)].kind == "target"


def test_section_titles_are_found_without_an_outline():
    by_value = {(r.indicator, r.value): r.kind for r in targets_of(REPORT, with_outline=False)}
    assert by_value[("5G基站", 4.8)] == "achievement"
    assert by_value[("5G基站", 6.5)] == "target"


def test_past_years_mark_results_but_base_years_do_not():
    records = targets_of("2020年地区生产总值突破2.5万亿元。人均地区生产总值比2020年翻一番。",
                         year=2021, with_outline=False)
    assert [(r.value, r.kind) for r in records] == [(2.5, "achievement"), (2.0, "target")]


def test_indicator_after_the_figure_and_hedge():
    records = {r.indicator: r for r in targets_of(REPORT)}
    assert records["夜间经济集聚区"].value == 30.0
    listed = records["上市公司"]
    assert (listed.hedge, listed.qualifier, listed.qualifier_class) == ("力争", "力争", "exact")


def test_offsets_point_into_the_text():
    for record in targets_of(REPORT):
        assert REPORT[record.start:record.end] == record.span


def test_people_served_and_objects_of_verbs():
    text = "对7万名中小学青少年开展脊柱侧弯筛查。为退役军人提供5万个就业岗位。安排4000万元用于支持科研攻关。"
    assert [r.indicator for r in targets_of(text, with_outline=False)] == [
        "中小学青少年脊柱侧弯筛查", "就业岗位", "科研攻关"]


def test_respectively_lists_give_one_target_each():
    records = targets_of("今年目标:一产、二产、三产增加值分别增长5%左右、5%以上、5%左右。", with_outline=False)
    assert [(r.indicator, r.qualifier) for r in records] == [
        ("一产增加值", "左右"), ("二产增加值", "以上"), ("三产增加值", "左右")]
    records = targets_of("今年城乡居民收入分别增长7%和8%。", with_outline=False)
    assert [(r.indicator, r.value) for r in records] == [("城镇居民收入", 7.0), ("农村居民收入", 8.0)]
    records = targets_of("城镇居民和农村居民人均可支配收入分别增长6%、7.5%。", with_outline=False)
    assert [r.indicator for r in records] == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]
    records = targets_of("专利、发明专利授权量分别增长2.9倍和1.3倍。", with_outline=False)
    assert [r.indicator for r in records] == ["专利", "发明专利授权量"]


def test_shared_figure_applies_to_every_listed_indicator():
    records = targets_of("新创建市级以上示范家庭农场、农民专业合作社示范社各5家。", with_outline=False)
    assert [(r.indicator, r.value, r.unit) for r in records] == [
        ("市级以上示范家庭农场", 5.0, "家"), ("农民专业合作社示范社", 5.0, "家")]


def test_ranges_and_decreases():
    records = targets_of("今年全省生产总值增长5%—5.5%,单位地区生产总值二氧化碳排放下降3.8%。", with_outline=False)
    assert summary(records) == [
        ("生产总值", 5.0, 5.5, "%", None, "target"),
        ("单位地区生产总值二氧化碳排放下降", 3.8, None, "%", None, "target"),
    ]


def test_a_second_figure_shares_the_indicator():
    records = targets_of("力争地区生产总值突破3万亿元、增长5%左右。", with_outline=False)
    assert [(r.indicator, r.value, r.unit, r.metric, r.span) for r in records] == [
        ("地区生产总值", 3.0, "万亿元", "level", "地区生产总值突破3万亿元"),
        ("地区生产总值", 5.0, "%", "growth", "增长5%左右"),
    ]


def test_names_and_descriptions_are_not_targets():
    text = ("开展广州港20万吨级航道前期工作。出台“暖企15条”。实施促进外贸稳定增长23条。"
            "打造城市10分钟和农村10里路体育圈。发挥首期20亿元产业投资基金的引领作用。")
    assert targets_of(text, with_outline=False) == []


def test_hedge_is_the_nearest_and_stops_at_a_closing_phrase():
    records = targets_of("力争开工建设新塘站,争取地铁通车运营里程突破531公里。", with_outline=False)
    assert [(r.hedge, r.qualifier) for r in records] == [("争取", "突破")]
    text = "今年目标:地区生产总值增长5%左右,在实际工作中努力争取更好结果;城镇调查失业率5%以内。"
    assert [r.hedge for r in targets_of(text, with_outline=False)] == [None, None]


def test_year_of_the_plan():
    records = targets_of("三、全力推动“十五五”开好局\n今年主要预期目标是:地区生产总值增长5%左右。\n", year=2026)
    assert [r.year for r in records] == ["2026"]
    records = targets_of("展望二〇三五年,经济总量相较于2023年翻一番。", with_outline=False)
    assert [(r.indicator, r.value, r.unit, r.metric, r.year) for r in records] == [
        ("经济总量", 2.0, "倍", "ratio", "2035")]


def test_past_wording_gives_achievements_without_an_outline():
    records = targets_of("虽然受疫情影响一季度GDP下降6.8%。全市已建成充电桩4.1万个。", with_outline=False)
    assert records and all(r.kind == "achievement" for r in records)


def test_glossary_figures_are_skipped():
    text = "三、2021年工作安排\n建成碧道300公里。\n附件2 名词解释\n“9”是指9个方面重点工作,建设100个示范点。\n"
    outline = [
        HeadingRecord(level=1, label="三、", title="2021年工作安排", start=0, line=1),
        HeadingRecord(level=1, label="附件2", title="名词解释", start=text.index("附件2"), line=3),
    ]
    sentences = split_sentences(text, outline)
    records = extract_targets(text, outline, sentences, DocumentMeta(title="测试", year=2021))
    assert [r.indicator for r in records] == ["碧道"]


def test_same_indicator_rule():
    assert same_indicator("5G基站", "5G基站")
    assert same_indicator("高新技术企业", "高新技术企业认定数")
    assert same_indicator("中低收入家庭住房困难问题", "中低收入家庭住房困难解决")
    assert not same_indicator("发票", "开办企业办结时间")
    assert not same_indicator("", "碧道")


def test_bracket_text_of_the_gold_is_not_a_head_noun():
    assert not same_indicator("省内城市", "铁路通达时间(至省内城市)")
    assert same_indicator("铁路通达时间", "铁路通达时间(至省内城市)")
    assert same_indicator("口袋公园", "口袋公园（每区）")


def test_generic_words_alone_do_not_match_by_containment():
    assert not same_indicator("比重", "服务业增加值占地区生产总值比重")
    assert not same_indicator("增长", "经济增长")
    assert not same_indicator("增速", "规上工业增加值增速")
    assert same_indicator("经济增长", "经济增长")
    assert same_indicator("失业率", "城镇调查失业率")


def _record(value, qualifier=None, unit="%", indicator="地区生产总值"):
    return TargetRecord(indicator=indicator, metric="growth", value=value, value_high=None, unit=unit,
                        qualifier=qualifier, qualifier_class="exact", year=None, kind="target", sentence="")


def test_sign_and_unit_count():
    gold = {"indicator": "地区生产总值", "value": -6.8, "unit": "%", "qualifier": None}
    assert same_figure(_record(-6.8), gold)
    assert not same_figure(_record(6.8), gold)
    assert not same_figure(_record(-6.8, unit="％"), {**gold, "unit": "个"})


def test_qualifier_classes_follow_the_readme_not_the_extractor():
    readme = {"at_least": ("以上", "不低于", "不少于", "超", "超过", "高于", "突破", "多"),
              "at_most": ("以内", "以下", "不超过", "低于"), "about": ("左右", "约", "近"),
              "exact": (None, "力争", "争取")}
    for expected, words in readme.items():
        for word in words:
            assert qualifier_class(word) == expected, word
            # The extractor's own table must agree on every word the README lists.
            assert extractor_qualifier_class(word) == expected, word
    assert qualifier_class("级") not in readme
    gold = {"indicator": "地区生产总值", "value": 6.0, "unit": "%", "qualifier": "以上"}
    # The evaluator reads the qualifier as written; the extractor's class is not trusted.
    assert not same_figure(_record(6.0, qualifier="左右"), gold)
    assert same_figure(_record(6.0, qualifier="不低于"), gold)


@pytest.fixture(scope="module")
def scores():
    if not (GOLD / "targets.json").exists() or not (SHARED / "seeds").exists():
        pytest.skip("gold files not available")
    return evaluate_targets(SHARED)


def test_a_prediction_outside_the_file_is_not_placed_by_guess():
    raw = RawText("一、安排\n建成5G基站6.5万座。\n")
    records = [_record(6.5, unit="万座", indicator="5G基站"), _record(1.0)]
    records[0].sentence, records[0].span = "建成5G基站6.5万座。", "5G基站6.5万座"
    records[1].sentence, records[1].span = "不在文中的句子。", "不在文中"
    found, lost = locate(records, raw)
    assert raw.text[found.begin:found.end] == "建成5G基站6.5万座"  # compared without its 。
    assert (lost.begin, lost.end) == (-1, -1)


def test_seed_scopes_follow_the_readme():
    outline, golds = load_gold("outline.json"), load_gold("targets.json")
    first_lines = {}
    for document in outline["documents"]:
        raw = RawText((SHARED / "seeds" / document["file"]).read_text(encoding="utf-8"))
        scope = seed_scope(document["doc"], raw, outline)
        first_lines[document["doc"]] = [raw.line_of(begin) for begin, _ in scope]
        for gold in (g for g in golds if g["doc"] == document["doc"]):
            begin, _ = gold_range(raw, gold)
            assert any(a <= begin < b for a, b in scope), gold["id"]
        if document["doc"] == "003":
            assert scope == [(0, len(raw.text))]
    # 000 section 三; 001 section 二 from 为实现各项发展目标; 002 the 主要目标 sentence, 三 and 附件1.
    tops = {(h["doc"], h["label"]): h["line"] for h in outline["headings"] if h["level"] == 1}
    assert first_lines["000"] == [tops[("000", "三、")]]
    assert tops[("001", "二、")] < first_lines["001"][0] < tops.get(("001", "三、"), 10**9)
    assert first_lines["002"][1:] == [tops[("002", "三、")], tops[("002", "附件1")]]
    assert tops[("002", "二、")] < first_lines["002"][0] < tops[("002", "三、")]


def test_seed_gold_precision_and_recall(scores):
    total = scores["seeds_total"]
    assert total["gold"] == 125
    assert total["precision"] >= MIN_SCORE, total["spurious"]
    assert total["recall"] >= MIN_SCORE, total["missed"]


def test_no_achievement_is_labelled_target(scores):
    total = scores["seeds_total"]
    assert total["achievements_checked"] == 20
    assert total["achievements_as_target"] == []


def test_realworld_precision_and_recall(scores):
    if not (REALWORLD / "targets_gold.json").exists():
        pytest.skip("realworld gold not available")
    total = scores["realworld_total"]
    assert len(scores["realworld"]) == 10
    assert total["precision"] >= MIN_SCORE, total["spurious"]
    assert total["recall"] >= MIN_SCORE, total["missed"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="地区生产总值增长以上左右分别和、,;。：力争确保已了建成个万亿元%％0123456789.—至一二三十百千“”()（）\n ",
               max_size=60))
def test_extraction_never_raises(text):
    for record in targets_of(text, with_outline=False):
        assert record.indicator
        assert record.kind in ("target", "achievement")
        assert record.qualifier_class in ("at_least", "at_most", "about", "exact")
        assert text[record.start:record.end] == record.span

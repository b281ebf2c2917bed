"""The number reader: numerals, units, ranges, bounds and what is not a quantity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzviewer.parse.numbers import (
    find_quantities,
    find_years,
    hedge_before,
    qualifier_class,
    read_chinese_numeral,
    read_number,
)


def only(text: str):
    quantities = find_quantities(text)
    assert len(quantities) == 1, [q.text for q in quantities]
    return quantities[0]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三千", 3000.0),
        ("1.2万", 12000.0),
        ("二〇三五", 2035.0),
        ("两万", 20000.0),
        ("十", 10.0),
        ("一点五", 1.5),
        ("12,345", 12345.0),
        ("１２", 12.0),
        ("3.6亿", 3.6e8),
    ],
)
def test_read_number(numeral, value):
    assert read_number(numeral) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "增长", "万万万x"])
def test_read_number_rejects_non_numerals(text):
    assert read_number(text) is None


def test_chinese_digits_read_one_by_one_for_years():
    assert read_chinese_numeral("二〇二一") == 2021.0


def test_percentage_with_bound_after():
    quantity = only("地区生产总值增长6%以上")
    assert (quantity.value, quantity.unit, quantity.qualifier) == (6.0, "%", "以上")
    assert quantity.qualifier_class == "at_least"
    assert quantity.is_percent


def test_full_width_percent_is_kept_as_written():
    quantity = only("城镇调查失业率５％以内")
    assert (quantity.value, quantity.unit, quantity.qualifier_class) == (5.0, "％", "at_most")


def test_percentage_points():
    quantity = only("城镇化率提高0.9个百分点以上")
    assert (quantity.value, quantity.unit, quantity.qualifier) == (0.9, "个百分点", "以上")


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("全省生产总值增长5%—5.5%", 5.0, 5.5, "%"),
        ("每区建设3至5个口袋公园", 3.0, 5.0, "个"),
        ("与国家主要城市群5-8小时互达", 5.0, 8.0, "小时"),
        ("增长5%～6%", 5.0, 6.0, "%"),
    ],
)
def test_ranges(text, low, high, unit):
    quantity = only(text)
    assert (quantity.value, quantity.value_high, quantity.unit, quantity.qualifier) == (low, high, unit, None)


def test_magnitudes_stay_in_the_written_unit():
    quantity = only("建成5G基站6.5万座")
    assert (quantity.value, quantity.unit, quantity.scale) == (6.5, "万座", 1e4)
    assert only("粮食产量保持500亿斤以上").unit == "亿斤"
    assert only("地区生产总值突破2.5万亿元").unit == "万亿元"


def test_chinese_numerals_with_measure_units():
    assert (only("年度新增万亩工业用地").value, only("年度新增万亩工业用地").unit) == (1.0, "万亩")
    assert (only("建设十公里黄金岸线").value, only("建设十公里黄金岸线").unit) == (10.0, "公里")
    assert only("新增三千万元资金").value == 3000.0


@pytest.mark.parametrize(("text", "value"),
                         [("提高1倍", 1.0), ("增长一倍", 1.0), ("经济总量翻一番", 2.0), ("收入翻两番", 4.0)])
def test_multiples_and_doubling(text, value):
    quantity = only(text)
    assert (quantity.value, quantity.unit) == (value, "倍")


@pytest.mark.parametrize(
    ("text", "qualifier", "klass"),
    [
        ("建成碧道300公里以上", "以上", "at_least"),
        ("居民消费价格涨幅3%左右", "左右", "about"),
        ("失业率控制在3.5%以内", "以内", "at_most"),
        ("PM2.5年均浓度35微克/立方米以下", "以下", "at_most"),
        ("科技信贷增速不低于30%", "不低于", "at_least"),
        ("赤字率不超过3%", "不超过", "at_most"),
        ("陈案化解率超过50%", "超过", "at_least"),
        ("换电站超40座", "超", "at_least"),
        ("近500亿元", "近", "about"),
        ("约8000人", "约", "about"),
        ("170多个街镇", "多", "at_least"),
        ("地铁运营里程突破600公里", "突破", "at_least"),
        ("培训不少于4万人次", "不少于", "at_least"),
    ],
)
def test_bounding_words(text, qualifier, klass):
    quantity = only(text)
    assert quantity.qualifier == qualifier
    assert quantity.qualifier_class == klass


def test_qualifier_classes_for_hedges_and_nothing():
    assert qualifier_class(None) == "exact"
    assert qualifier_class("力争") == "exact"
    assert qualifier_class("争取") == "exact"
    assert qualifier_class("高于") == "at_least"
    assert qualifier_class("低于") == "at_most"


def test_hedges():
    text = "力争科技信贷增速不低于30%"
    assert hedge_before(text, text.index("30")) == "力争"
    text = "争取实际利用外资增长3%"
    assert hedge_before(text, text.index("3%")) == "争取"
    text = "地区生产总值增长5%左右，力争取得更好结果"
    assert hedge_before(text, text.index("5%")) is None
    text = "确保场地设施100%达标"
    assert hedge_before(text, text.index("100")) is None
    assert only(text).value == 100.0


def test_rate_units():
    assert only("新增污水处理能力101万吨/天").unit == "万吨/天"
    assert only("全员劳动生产率达到30万元/人左右").unit == "万元/人"


def test_spaces_left_by_pdf_text():
    quantity = only("新增公办中小学学位3.6 万个")
    assert (quantity.value, quantity.unit) == (3.6, "万个")


@pytest.mark.parametrize(
    "text",
    [
        "2021年是具有特殊重要性的一年",
        "展望二〇三五年",
        "高质量完成第七次全国人口普查",
        "加快5G商用步伐",
        "加强PM2.5和臭氧协同治理",
        "加快建设地铁8号线",
        "落实市委“1+1+4”工作举措",
        "开展广州港20万吨级航道前期工作",
        "出台“暖企15条”",
        "让人工智能走进千家万户",
        "推出一批庆祝建党100周年的精品力作",
        "推进建设三大国家级工业园区",
        "开展营商环境4.0改革",
        "建立12345政务热线联合督办机制",
        "今后5年",
        "1-4月互联网和相关服务业营业收入",
        "争当万元户",
        "一公里",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_years():
    years = [year for year, _, _ in find_years("展望二〇三五年,经济总量相较于2023年翻一番,2020 年")]
    assert years == [2035, 2023, 2020]


def test_offsets_point_at_the_figure():
    text = "其中工业增加值增长5.5%;"
    quantity = only(text)
    assert text[quantity.start:quantity.end] == "5.5%"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_find_quantities_never_raises(text):
    for quantity in find_quantities(text):
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert quantity.value is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点0123456789.,%个万亿元以上左右—至-", max_size=30))
def test_numeral_soup_never_raises(text):
    read_number(text)
    find_quantities(text)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["%", "个", "公里", "万人", "亿元", "万平方米"]))
def test_arabic_figures_round_trip(value, unit):
    text = f"建设{value}{unit}"
    quantity = only(text)
    assert quantity.value == pytest.approx(float(value))
    assert quantity.unit == unit

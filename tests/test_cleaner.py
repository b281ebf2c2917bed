"""Cleaner: chrome, preamble, PDF line joins and spacing on the seeds, synthetic cases and the
real provincial reports, plus properties of the offset map."""

from __future__ import annotations

import json
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzviewer.ingest.cleaner import clean_text
from tests.conftest import REALWORLD, load_gold, seed_path, squeeze

CHROME_FRAGMENTS = ("版权所有", "ICP备", "公网安备", "首页 >", "当前位置", "听全文", "扫一扫", "分享到",
                    "欢迎您", "访问量", "友情链接", "字体:", "关闭窗口", "打印本页")


@cache
def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


@cache
def cleaned(prefix: str):
    return clean_text(seed_text(prefix))


def lines_of(prefix: str) -> list[str]:
    return cleaned(prefix).text.split("\n")


# --- seeds --------------------------------------------------------------------------------

def test_001_broken_lines_are_joined_so_each_gold_sentence_sits_on_one_line() -> None:
    sentences = [t["sentence"] for t in load_gold("targets.json")
                 if t["doc"] == "001" and t.get("sentence_normalized")]
    sentences += [a["sentence"] for a in load_gold("achievements_sample.json") if a["doc"] == "001"]
    assert len(sentences) > 60
    lines = [squeeze(line) for line in lines_of("001")]
    for sentence in sentences:
        wanted = squeeze(sentence).replace("PM_{2.5}", "PM2.5")
        assert any(wanted in line for line in lines), sentence


def test_001_pdf_spacing_is_removed_but_ascii_spacing_kept() -> None:
    text = cleaned("001").text
    assert "2019年国民经济" in text and "2019 年" not in text
    assert "增长6.8%" in text and "PM2.5年均浓度" in text and "PM_{" not in text
    assert "关于广州市2019年国民经济和社会发展规划执行情况与2020年国民经济和社会发展规划草案的报告" in text
    # The delivery line broken in two is one line; the speaker line stays apart.
    assert "——2020年6月在广州市第十五届人民代表大会第五次会议上" in lines_of("001")
    assert "广州市发展和改革委员会副主任陈建荣" in lines_of("001")


def test_001_gold_headings_start_lines() -> None:
    headings = [h for h in load_gold("outline.json")["headings"] if h["doc"] == "001"]
    starts = [squeeze(line) for line in lines_of("001")]
    for heading in headings:
        title = squeeze(heading["label"] + heading.get("title_normalized", heading["title"]))
        assert any(line.startswith(title) for line in starts), heading


def test_004_table_lines_are_not_joined() -> None:
    lines = set(lines_of("004"))
    for task in load_gold("004_tasks.json"):
        assert task["text"] in lines, task["no"]
    raw_cells = [line.strip() for line in seed_text("004").split("\n") if line.strip()]
    kept = [line for line in lines_of("004") if line]
    assert len(raw_cells) - len(kept) < 15  # only the chrome lines went
    assert lines.issuperset({"王 东", "——", "市法院", "序号", "牵头单位", "配合单位"})


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_chrome_is_gone_and_metadata_lines_stay(prefix: str) -> None:
    for line in lines_of(prefix):
        for fragment in CHROME_FRAGMENTS:
            assert fragment not in line, line


def test_web_page_metadata_lines_survive() -> None:
    assert "时间:2021-02-04 来源:广州日报" in lines_of("000")  # the font widget is cut off
    assert lines_of("000")[0] == "广州市人民政府工作报告(2021年)"
    assert "发布日期:2021-02-10 09:35:55 文章来源:区政府办公室" in lines_of("002")
    assert lines_of("002")[0] == "2021年越秀区人民政府工作报告"
    assert lines_of("004")[0] == "广州市人民政府关于印发2021年市政府工作报告部署工作责任分工的通知"
    assert {"• 2021-03-05", "• 来源: 广州市人民政府办公厅", "穗府〔2021〕3号"} <= set(lines_of("004"))


def test_003_unrelated_news_is_dropped_and_the_quoting_lead_kept() -> None:
    lines = lines_of("003")
    assert "乳制品" not in cleaned("003").text
    assert lines[0].startswith("财联社12月22日电") and "经济总量相较于2023年翻一番" in lines[0]
    assert lines[1] == "中共广州市委关于制定广州市国民经济和社会发展第十五个五年规划的建议"


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_web_text_keeps_its_lines_and_every_gold_sentence_verbatim(prefix: str) -> None:
    text = cleaned(prefix).text
    for record in load_gold("targets.json") + load_gold("achievements_sample.json"):
        if record["doc"] == prefix:
            assert record["sentence"] in text, record["id"]
    # Every body paragraph is still one line, as written (apart from 003's two dropped news items).
    raw_paragraphs = {line.strip() for line in seed_text(prefix).split("\n")
                      if len(line.strip()) > 40 and line.strip().endswith("。") and "乳制品" not in line}
    assert raw_paragraphs <= set(text.split("\n"))


def test_000_alignment_sentences_survive_verbatim() -> None:
    text = cleaned("000").text
    for record in load_gold("alignment.json"):
        for sentence in record["report_sentences"]:
            assert sentence in text, record["no"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_offsets_point_at_the_same_characters(prefix: str) -> None:
    original, result = seed_text(prefix), cleaned(prefix)
    previous = -1
    for offset, char in enumerate(result.text):
        source = result.to_original(offset)
        assert source > previous
        assert original[source] == char or (char in "\n " and original[source] in "\r\n")
        previous = source
    assert result.to_original(len(result.text)) == len(original)


# --- real provincial reports --------------------------------------------------------------

@cache
def realworld_gold() -> list[dict]:
    path = REALWORLD / "targets_gold.json"
    if not path.exists():
        pytest.skip("real-world reports not available")
    return json.loads(path.read_text(encoding="utf-8"))


def realworld_files():
    return sorted(REALWORLD.glob("*.txt")) if REALWORLD.exists() else []


@pytest.mark.parametrize("path", realworld_files(), ids=lambda p: p.stem)
def test_real_reports_lose_chrome_but_no_content(path) -> None:
    text = clean_text(path.read_text(encoding="utf-8")).text
    lines = [line for line in text.split("\n") if line]
    assert "政府工作报告" in lines[0]
    for line in lines:
        assert line not in {"打印", "下载", "收藏", "【字号：", "大", "小", ">", "首页", "相关报道："}
    for record in realworld_gold():
        if record["file"] == path.name:
            assert squeeze(record["paragraph"]) in squeeze(text)


# --- synthetic cases ----------------------------------------------------------------------

PDF_LIKE = """广州市2020年计划草案的报告

一、总体要求

今年全市地区生产总值预期增长 6%左右，城镇新增就业 20 万人以上，居民消费
价格涨幅控制在 3%左右，一般公共预算收入增长 5%，规模以上工业增加值增长
5%左右。围绕这些目标，要全力抓好“六稳”“六保”工作，推动经济高质量发展，
确保完成全年目标任务。

（一）扎实做好稳增长工作。
实施乐金显示 OLED 等重点项目，推进营商环境 3.0 改革，提升服 务水平，落实
IPO 上市奖励政策，PM_{2.5} 年均浓度稳定在 35 微克/立方米以下。
"""


def test_pdf_like_text_is_joined_and_spacing_removed() -> None:
    lines = clean_text(PDF_LIKE).text.split("\n")
    assert lines[:4] == ["广州市2020年计划草案的报告", "", "一、总体要求", ""]
    assert lines[4] == ("今年全市地区生产总值预期增长6%左右，城镇新增就业20万人以上，居民消费价格涨幅控制在3%左右，"
                        "一般公共预算收入增长5%，规模以上工业增加值增长5%左右。围绕这些目标，要全力抓好“六稳”"
                        "“六保”工作，推动经济高质量发展，确保完成全年目标任务。")
    assert lines[6] == "（一）扎实做好稳增长工作。"
    assert lines[7] == ("实施乐金显示OLED等重点项目，推进营商环境3.0改革，提升服务水平，落实IPO上市奖励政策，"
                        "PM2.5年均浓度稳定在35微克/立方米以下。")


def test_latin_words_split_at_a_line_end_keep_a_space() -> None:
    text = ("本市推进数字政府建设，引入 Open Source Software 社区的开发方法，建设统一的 Data\n"
            "Platform 平台，完善政务数据共享机制，提升服务效率和质量，推动数据开放利用，加强\n"
            "数据安全保护工作，促进数字经济与实体经济深度融合，全面提升城市治理现代化水平，实现\n"
            "高质量发展，为建设国际大都市提供有力支撑，不断增强人民群众的获得感和幸福感，\n"
            "努力在新征程上取得更大成绩。\n")
    result = clean_text(text).text
    assert "Data Platform" in result and "\n" not in result


def test_web_paragraphs_and_headings_are_not_joined() -> None:
    text = ("一、2021年主要工作\n\n(一)强化科技创新支撑能力\n\n加快建设科技创新轴,建设综合性国家科学中心\n"
            "推动产业链创新链融合发展。\n\n")
    assert clean_text(text).text.split("\n") == [
        "一、2021年主要工作", "", "(一)强化科技创新支撑能力", "", "加快建设科技创新轴,建设综合性国家科学中心",
        "推动产业链创新链融合发展。"]


def test_flattened_table_is_not_joined() -> None:
    rows = "".join(f"{n}\n\n加快建设第{n}个重点项目，推进实施工作\n\n王 东\n\n市发展改革委、市财政局,各区政府\n\n\n"
                   for n in range(1, 30))
    text = "序号\n\n重点工作\n\n分管领导\n\n牵头单位\n\n\n" + rows
    assert clean_text(text).text == text.strip("\n")


def test_blank_runs_and_whitespace() -> None:
    text = "  标题  \r\n\r\n\r\n\r\n\r\n第一段。\u3000\t\r\n\r\n\r\n第二段。\n\n\n\n"
    assert clean_text(text).text == "标题\n\n第一段。\n\n\n第二段。"


def test_chrome_tail_and_lines() -> None:
    text = "首页 > 政务公开 > 报告\n时间:2021-02-04 来源:广州日报 字体:大 中 小\n【打印】 【关闭】\n•\n正文。\n分享经济加快发展。"
    assert clean_text(text).text.split("\n") == ["时间:2021-02-04 来源:广州日报", "正文。", "分享经济加快发展。"]


def test_one_character_cells_are_not_font_buttons() -> None:
    text = "风险等级\n\n中\n\n【字体：\n大\n中\n小\n】\n正文。"
    assert clean_text(text).text == "风险等级\n\n中\n\n正文。"


@pytest.mark.parametrize("line", ["打印" + " " * 5000 + "x", "【" + " " * 3000 + "打印" + " " * 3000 + "】x",
                                  "字体:" + " 大" * 3000 + "x", "A" * 5000 + "B"])
def test_long_lines_do_not_trip_the_chrome_patterns(line: str) -> None:
    assert clean_text(line).text == line  # would hang with backtracking-prone patterns


def test_preamble_of_a_web_page_keeps_metadata_and_drops_menus() -> None:
    text = ("当前位置：首页 > 政务公开\n政务公开\n互动交流\n穗府〔2021〕3号\n广州市人民政府关于印发实施方案的通知\n"
            "各区人民政府，市政府各部门：\n现将实施方案印发给你们，请认真贯彻执行。")
    result = clean_text(text)
    assert result.text.split("\n")[:2] == ["穗府〔2021〕3号", "广州市人民政府关于印发实施方案的通知"]
    assert result.dropped_preamble == ("政务公开", "互动交流")


PREFACE = ("编者按：近日，不少读者来信询问今年的安排，本刊征得同意，将全文刊登如下，供各位参考。\n"
           "内部资料 注意保存\n")
NOTICE = ("广州市某区人民政府关于印发某某工作方案的通知\n一、总体要求\n"
          "各街道要按照本方案做好有关工作，确保任务按期完成。")


def test_a_plain_document_keeps_the_preface_before_its_title() -> None:
    result = clean_text(PREFACE + NOTICE)
    assert result.text == (PREFACE + NOTICE)
    assert result.dropped_preamble == ()


def test_a_web_page_reports_the_preamble_it_drops() -> None:
    result = clean_text("首页 > 新闻中心\n" + PREFACE + NOTICE)
    assert result.text == NOTICE
    assert result.dropped_preamble == tuple(PREFACE.split("\n")[:2])


def test_text_without_title_keeps_its_start() -> None:
    text = "今天天气很好，我们去公园散步了。\n公园里有很多人在跑步和打太极拳。"
    assert clean_text(text).text == text


# --- properties ---------------------------------------------------------------------------

INTERESTING = st.sampled_from(list("广州市年增长报告通知，。：；,.;:!? \t\u3000\n\r0123456789abPM_{}•>—-") +
                              ["首页 > ", "打印", "版权所有", "字体:", "一、", "（一）", "1.", "\n\n\n", "2019 年"])


def check_offsets(text: str) -> None:
    result = clean_text(text)
    offsets = [result.to_original(i) for i in range(len(result.text) + 1)]
    assert offsets == sorted(offsets)
    assert all(0 <= offset <= len(text) for offset in offsets)
    assert offsets[-1] == len(text)
    for i, char in enumerate(result.text):
        assert text[offsets[i]] == char or (char in "\n " and text[offsets[i]] in "\r\n")


@settings(max_examples=300, deadline=None)
@given(st.lists(INTERESTING, max_size=80).map("".join))
def test_offsets_on_document_like_text(text: str) -> None:
    check_offsets(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    check_offsets(text)

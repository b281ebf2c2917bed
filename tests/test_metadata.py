"""Metadata of the five seeds, synthetic headers and the real provincial reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gzviewer.ingest.chrome import preamble_to_drop
from gzviewer.parse.metadata import (
    administrative_level,
    classify_kind,
    detect_metadata,
    find_title,
    five_year_plan_start,
)
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.places import display_title
from tests.conftest import REALWORLD, load_gold, seed_path, squeeze

EXPECTED_004 = {
    "title": "广州市人民政府关于印发2021年市政府工作报告部署工作责任分工的通知",
    "kind": "task_assignment",
    "issuer": "广州市人民政府",
    "date": "2021-02-23",
    "year": 2021,
    "level": "city",
    "doc_number": "穗府〔2021〕3号",
}
KINDS = {"000": "work_report", "001": "plan_report", "002": "work_report", "003": "five_year_plan"}
LEVELS = {"000": "city", "001": "city", "002": "district", "003": "city"}


def gold_document(prefix: str) -> dict:
    return next(d for d in load_gold("outline.json")["documents"] if d["doc"] == prefix)


def issuer_of(gold: dict) -> str:
    """The gold issuer without its explanatory note in brackets."""
    return gold["issuer"].split(" (")[0]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seed_metadata_matches_gold(prefix: str) -> None:
    gold = gold_document(prefix)
    meta = extract_file(seed_path(prefix)).meta
    assert squeeze(meta.title) == squeeze(gold["title"])
    assert meta.kind == KINDS[prefix]
    assert meta.date == gold["date"]
    assert meta.year == int(gold["date"][:4])
    assert meta.issuer == issuer_of(gold)
    assert meta.speaker == gold["speaker"]
    assert squeeze(meta.meeting) == squeeze(gold["occasion"])
    assert meta.level == LEVELS[prefix]
    assert meta.doc_number is None


def test_task_assignment_notice_metadata() -> None:
    meta = extract_file(seed_path("004")).meta
    assert {key: getattr(meta, key) for key in EXPECTED_004} == EXPECTED_004
    assert meta.speaker is None


def test_title_skips_web_chrome_and_news_lines() -> None:
    lines = ["首页 > 重要发布 > 报 告", "财联社12月22日电,某某委关于制定规划的建议发布。", "",
             "政策解读:【一图读懂】2021年某区人民政府工作报告", "某市人民政府关于印发实施方案的通知"]
    assert find_title(lines) == "某市人民政府关于印发实施方案的通知"


def test_title_is_never_a_section_heading_and_drops_a_run_on_delivery_line() -> None:
    lines = ["关于某市2019年计划执行情况的报告——2020年6月在某市第十五届人民代表大会第五次会议上",
             "一、2019年计划执行情况", "二、2020年计划安排建议"]
    assert find_title(lines) == "关于某市2019年计划执行情况的报告"
    assert find_title(lines[1:]) is None


@pytest.mark.parametrize("title", ["某市关于推进某项工作的实施意见（征求意见稿）", "某市城市管理条例（修订稿）",
                                   "某区2021年重点工作清单", "某市第十五届人民代表大会第一次会议决议"])
def test_the_cleaner_and_the_metadata_agree_on_what_a_title_is(title) -> None:
    lines = ["首页 > 新闻中心", "某日报讯 记者 某某", title, "一、总体要求"]
    assert find_title(lines) == title
    dropped = preamble_to_drop(lines, from_web_page=True)
    assert 2 not in dropped and {0, 1} <= dropped


@pytest.mark.parametrize(("title", "kind"), [
    ("广州市人民政府工作报告(2021年)", "work_report"),
    ("关于2020年国民经济和社会发展计划执行情况与2021年计划草案的报告", "plan_report"),
    ("某市国民经济和社会发展第十四个五年规划和2035年远景目标纲要", "five_year_plan"),
    ("某市人民政府关于印发2021年政府工作报告重点工作任务分解的通知", "task_assignment"),
    ("某市人民政府关于加强安全生产的意见", "other"),
])
def test_kind_from_title(title: str, kind: str) -> None:
    assert classify_kind(title) == kind


def test_five_year_plan_start_years() -> None:
    assert five_year_plan_start("关于制定第十五个五年规划的建议") == 2026
    assert five_year_plan_start("编制“十四五”规划") == 2021
    assert five_year_plan_start("没有规划") is None


@pytest.mark.parametrize(("name", "level"), [
    ("广州市人民政府", "city"), ("广州市越秀区人民政府", "district"), ("中共广州市委", "city"),
    ("宁夏回族自治区人民政府", "province"), ("湖北省人民政府", "province"), ("重庆市人民政府", "province"),
    (None, None),
])
def test_administrative_level(name: str | None, level: str | None) -> None:
    assert administrative_level(name) == level


def test_delivery_line_broken_by_pdf_and_speaker_with_spaced_name() -> None:
    text = ("关于某市2019年计划执行情况与2020年计划草案的报告\n\n——2020 年 6 月在某市第十五届\n"
            "人民代表大会第五次会议上\n\n来源：某某日报\n自治区主席 韦 韬\n\n各位代表：\n")
    meta = detect_metadata(text, "x.txt")
    assert (meta.date, meta.year, meta.meeting, meta.speaker, meta.issuer) == (
        "2020-06", 2020, "某市第十五届人民代表大会第五次会议", "韦韬", "某市人民政府")


def test_news_dateline_without_plan_takes_year_of_latest_full_date() -> None:
    text = "某社3月5日电,某某市政府召开会议。\n某市人民政府关于推进工作的意见\n会议回顾了2023年6月1日的部署。\n"
    assert detect_metadata(text, "x.txt").date == "2023-03-05"


def test_notice_without_doc_number_takes_signature_issuer() -> None:
    text = "关于开展安全检查的通知\n\n各单位:\n请认真落实。\n\n某市应急管理局\n2022年3月1日\n"
    meta = detect_metadata(text, "x.txt")
    assert (meta.title, meta.issuer, meta.date, meta.doc_number) == (
        "关于开展安全检查的通知", "某市应急管理局", "2022-03-01", None)


def test_text_without_any_title_falls_back_to_a_line_or_the_file_name() -> None:
    assert detect_metadata("随便写的一行字\n", "x.txt").title == "随便写的一行字"
    assert detect_metadata("\n\n", "x.txt").title == "x.txt"


REALWORLD_FILES = sorted(Path(REALWORLD).glob("*.txt"))
_DELIVERY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日在")


@pytest.mark.skipif(not REALWORLD_FILES, reason="real reports not available")
@pytest.mark.parametrize("path", REALWORLD_FILES, ids=lambda p: p.stem)
def test_real_reports(path: Path) -> None:
    meta = extract_file(path).meta
    year, month, day = (int(g) for g in _DELIVERY.search(path.read_text(encoding="utf-8")).groups())
    assert meta.kind == "work_report"
    assert meta.date == f"{year:04d}-{month:02d}-{day:02d}"
    assert meta.level == "province"
    assert meta.issuer and meta.issuer.endswith("人民政府")
    assert meta.speaker and 2 <= len(meta.speaker) <= 4
    assert "政府工作报告" in meta.title


@pytest.mark.parametrize(("title", "issuer", "shown"), [
    ("2026年政府工作报告", "云南省人民政府", "2026年政府工作报告（云南省人民政府）"),
    ("政府工作报告", "海南省人民政府", "政府工作报告（海南省人民政府）"),
    ("广州市人民政府工作报告(2021年)", "广州市人民政府", "广州市人民政府工作报告(2021年)"),
    ("2026年宁夏回族自治区政府工作报告", "宁夏回族自治区人民政府", "2026年宁夏回族自治区政府工作报告"),
    ("中共广州市委关于制定规划的建议", "中共广州市委", "中共广州市委关于制定规划的建议"),
    ("2021年越秀区人民政府工作报告", "广州市越秀区人民政府", "2021年越秀区人民政府工作报告"),
    ("2021年政府工作报告", "广州市越秀区人民政府", "2021年政府工作报告（广州市越秀区人民政府）"),
    ("某文件", None, "某文件"),
])
def test_display_title_names_the_issuer_only_when_the_title_does_not(title, issuer, shown) -> None:
    assert display_title(title, issuer) == shown


@pytest.mark.skipif(not REALWORLD_FILES, reason="real reports not available")
def test_reports_titled_without_their_place_are_told_apart_in_lists(tmp_path) -> None:
    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files
    from gzviewer.store.queries import list_documents

    database = open_database(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        reports = [REALWORLD / "prov2026_云南省.txt", REALWORLD / "prov2026_海南省.txt"]
        assert all(r.error is None for r in import_files(database, reports))
        with database.session() as session:
            shown = sorted(d.display_title for d in list_documents(session))
    finally:
        database.dispose()
    assert len(shown) == 2 and "云南省" in shown[0] + shown[1] and "海南省" in shown[0] + shown[1]
    assert shown[0] != shown[1]

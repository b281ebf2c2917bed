"""Task → report-sentence alignment and coverage, scored against the gold alignment."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gzviewer.cli import main
from gzviewer.parse.arrangement import (
    ROLE_BODY,
    ROLE_HEADING,
    ROLE_LEAD,
    ROLE_PREAMBLE,
    sentence_roles,
    work_arrangement_sentences,
    work_arrangement_spans,
)
from gzviewer.parse.linking import align_tasks, coverage, same_indicator, split_clauses
from gzviewer.parse.records import HeadingRecord, SentenceRecord, TaskRecord
from gzviewer.parse.sentences import split_sentences
from tests.conftest import REALWORLD, gold_normalise, load_gold, new_store_url, seed_path
from tests.test_unit_suggest import TOP1_GOAL, TOP3_GOAL


def gold_tasks() -> list[TaskRecord]:
    return [TaskRecord(no=t["no"], section=t["section"], category=t["category"], text=t["text"],
                       leader=t["leader"], lead_units=t["lead_units"], coop_units=t["coop_units"])
            for t in load_gold("004_tasks.json")]


def gold_outline(doc: str, text: str) -> list[HeadingRecord]:
    """The gold headings of ``doc`` placed at their offsets in ``text`` (independent of the outline parser)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    outline = []
    for h in load_gold("outline.json")["headings"]:
        if h["doc"] == doc:
            column = lines[h["line"] - 1].index(h["label"])
            outline.append(HeadingRecord(h["level"], h["label"], h["title"], offsets[h["line"] - 1] + column,
                                         h["line"], h["inline"], h["parent"]))
    return outline


@pytest.fixture(scope="module")
def report():
    text = seed_path("000").read_text(encoding="utf-8")
    outline = gold_outline("000", text)
    return text, outline, split_sentences(text, outline)


@pytest.fixture(scope="module")
def aligned(report):
    text, outline, sentences = report
    return align_tasks(gold_tasks(), sentences, outline, len(text))


def accuracy(alignments, sentences) -> tuple[float, list[int]]:
    gold = {r["no"]: {gold_normalise(s) for s in r["report_sentences"]} for r in load_gold("alignment.json")}
    misses = [a.no for a in alignments
              if {gold_normalise(sentences[i].text) for i in a.sentence_indices} != gold[a.no]]
    return 1 - len(misses) / len(gold), misses


def test_alignment_matches_gold(aligned, report):
    score, misses = accuracy(aligned, report[2])
    assert len(aligned) == 280
    assert score >= 0.98, f"misses: {misses}"


def test_alignment_without_outline_still_matches(report):
    text, _, _ = report
    sentences = split_sentences(text)
    score, misses = accuracy(align_tasks(gold_tasks(), sentences), sentences)
    assert score >= 0.98, f"misses: {misses}"


def test_split_enumeration_and_merged_sentences(aligned, report):
    sentences = report[2]
    by_no = {a.no: [sentences[i].text for i in a.sentence_indices] for a in aligned}
    # 31 and 32 split one enumeration: both point at the same single sentence.
    assert by_no[31] == by_no[32] and len(by_no[31]) == 1
    # 57 re-joins a clause from an earlier, non-adjacent sentence.
    assert len(by_no[57]) == 2
    assert all(0 < a.score <= 1 for a in aligned)


def test_coverage_lists_only_untasked_body_sentences(aligned, report):
    text, outline, sentences = report
    result = coverage(gold_tasks(), aligned, sentences, outline, len(text))
    assert result.unsourced == []
    used = {gold_normalise(s) for r in load_gold("alignment.json") for s in r["report_sentences"]}
    uncovered = [sentences[i].text for i in result.uncovered]
    assert all(gold_normalise(s) not in used for s in uncovered)
    assert 3 <= len(uncovered) <= 20
    # Headings, lead phrases and section preambles are never reported as missing work.
    assert not any(s.startswith("(一)") or s == "加强战略科技力量建设。" for s in uncovered)


def test_coverage_reports_task_without_source(report):
    text, outline, sentences = report
    tasks = gold_tasks()[:3] + [TaskRecord(999, None, None, "组织开展月球基地选址论证。", None)]
    alignments = align_tasks(tasks, sentences, outline, len(text))
    result = coverage(tasks, alignments, sentences, outline, len(text))
    assert result.unsourced == [999]


def heading(level: int, label: str, title: str, start: int) -> HeadingRecord:
    return HeadingRecord(level=level, label=label, title=title, start=start, line=0)


def test_work_arrangement_prefers_the_years_plan_over_reviews():
    outline = [
        heading(1, "一、", "“十四五”时期发展成就和2025年主要工作", 0),
        heading(1, "二、", "“十五五”时期主要目标任务", 100),
        heading(1, "三、", "2026年重点工作", 200),
        heading(2, "(一)", "扩大内需", 210),
        heading(1, "四、", "加强政府自身建设", 300),
        heading(1, "附件1", "名词解释", 400),
    ]
    assert work_arrangement_spans(outline, 500) == [(200, 400)]


def test_work_arrangement_falls_back_to_five_year_tasks_then_everything():
    five_year = [heading(1, "一、", "发展回顾", 0), heading(1, "二、", "“十五五”时期主要任务", 50)]
    assert work_arrangement_spans(five_year, 90) == [(50, 90)]
    assert work_arrangement_spans([heading(1, "一、", "总体要求", 0)], 90) == [(0, 90)]
    assert work_arrangement_spans([], 90) == [(0, 90)]


def test_closing_address_ends_the_arrangement():
    text = "三、2021年工作安排\n加快建设轨道交通。\n各位代表!\n让我们携手奋进。"
    outline = [heading(1, "三、", "2021年工作安排", 0)]
    sentences = split_sentences(text, outline)
    chosen = [sentences[i].text for i in work_arrangement_sentences(sentences, outline, len(text))]
    assert chosen == ["三、2021年工作安排", "加快建设轨道交通。"]


def test_sentence_roles():
    text = ("三、2021年工作安排\n为此重点做好以下工作:\n(一)扩大有效投资。坚持投资拉动。\n"
            "加强项目建设。推进地铁十号线建设。完成投资100亿元。\n(二)改进作风。持续精简会议,为基层减负。")
    outline = [heading(1, "三、", "2021年工作安排", 0)]
    outline.append(heading(2, "(一)", "扩大有效投资", text.index("(一)")))
    outline.append(heading(2, "(二)", "改进作风", text.index("(二)")))
    sentences = split_sentences(text, outline)
    roles = sentence_roles(sentences, outline, list(range(len(sentences))))
    by_text = {sentences[i].text: role for i, role in roles.items()}
    assert by_text["三、2021年工作安排"] == ROLE_HEADING
    assert by_text["为此重点做好以下工作:"] == ROLE_PREAMBLE
    assert by_text["坚持投资拉动。"] == ROLE_PREAMBLE
    assert by_text["加强项目建设。"] == ROLE_LEAD
    assert by_text["推进地铁十号线建设。"] == ROLE_BODY
    # A section that is a single run-in paragraph keeps its text as work.
    assert by_text["持续精简会议,为基层减负。"] == ROLE_BODY


def test_split_clauses_drops_punctuation():
    assert split_clauses("推进A、B建设,完善“C”机制。加强D。") == ["推进AB建设", "完善C机制", "加强D"]


_phrases = st.sampled_from(["推进轨道交通建设", "完善社会救助制度", "加强城市考古工作", "深化国资国企改革",
                            "建设国际消费中心城市", "提升基层卫生服务能力", "优化营商环境", "发展都市现代农业"])


@settings(max_examples=25, deadline=None)
@given(st.lists(_phrases, min_size=2, max_size=6, unique=True), st.data())
def test_a_verbatim_sentence_aligns_to_itself(phrases, data):
    sentences, offset = [], 0
    for paragraph, phrase in enumerate(phrases):
        text = phrase + "。"
        sentences.append(SentenceRecord(offset, offset + len(text), text, paragraph))
        offset += len(text) + 1
    pick = data.draw(st.integers(0, len(phrases) - 1))
    [alignment] = align_tasks([TaskRecord(1, None, None, sentences[pick].text, None)], sentences)
    assert alignment.sentence_indices == [pick]


# --- the CLI, end to end over a store holding the seeds ---------------------------------------------

@pytest.fixture(scope="module")
def seeded_db(request, store_engine, tmp_path_factory):
    """A store with the city report (000), the district report (002) and the assignment table (004)."""
    url = new_store_url(request, tmp_path_factory.mktemp("links"), "links.sqlite3")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--db", url, "import", *(str(seed_path(p)) for p in ("000", "002", "004"))]) == 0
    return url


def run_cli(capsys, url: str, *args: str) -> tuple[int, str]:
    code = main(["--db", url, *args])
    return code, capsys.readouterr().out


def test_cli_link_prints_sources_for_every_task(seeded_db, capsys):
    code, out = run_cli(capsys, seeded_db, "link", "市人民政府工作报告", "责任分工", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [sorted(r) for r in rows[:1]] == [["no", "report_sentences", "score"]]
    gold = {r["no"]: {gold_normalise(s) for s in r["report_sentences"]} for r in load_gold("alignment.json")}
    right = sum({gold_normalise(s) for s in r["report_sentences"]} == gold[r["no"]] for r in rows)
    assert len(rows) == 280 and right / 280 >= 0.98


def test_cli_coverage(seeded_db, capsys):
    code, out = run_cli(capsys, seeded_db, "coverage", "市人民政府工作报告", "责任分工", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["unsourced_tasks"] == []
    assert 3 <= len(result["uncovered_sentences"]) <= 20
    assert all(item["sentence"] and item["section"] for item in result["uncovered_sentences"])
    code, out = run_cli(capsys, seeded_db, "coverage", "市人民政府工作报告", "责任分工")
    assert "找不到报告出处的任务（0 项）" in out


def test_cli_indicator_timeline(seeded_db, capsys):
    code, out = run_cli(capsys, seeded_db, "indicator", "地区生产总值", "--json")
    points = json.loads(out)
    assert code == 0 and points
    assert all(same_indicator("地区生产总值", p["indicator"]) for p in points)
    assert {p["kind"] for p in points} == {"target", "achievement"}
    assert {"document", "year", "kind", "value", "unit"} <= set(points[0])
    years = [p["year"] for p in points if p["year"] and p["year"].isdigit()]
    assert years == sorted(years)
    code, out = run_cli(capsys, seeded_db, "indicator", "不存在的指标")
    assert code == 0 and "没有找到" in out


def test_cli_draft_writes_json_and_workbook(seeded_db, capsys, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "草稿.xlsx"
    code, out = run_cli(capsys, seeded_db, "draft", "越秀区", "--json", "--xlsx", str(target))
    drafts = json.loads(out)
    assert code == 0 and len(drafts) >= 60
    assert {"no", "section", "category", "text", "suggested_units"} <= set(drafts[0])
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert "越秀区" in rows[0][0] and "草稿" in rows[0][0]  # the title row names the report
    assert rows[1] == ("序号", "所属部分", "类别", "重点工作", "建议牵头单位", "备选单位", "得分")
    assert len(rows) == len(drafts) + 2 and rows[2][3] == drafts[0]["text"]


def test_cli_suggest_units_evaluation(seeded_db, capsys):
    code, out = run_cli(capsys, seeded_db, "suggest-units", "--evaluate", "责任分工", "--json")
    result = json.loads(out)
    assert code == 0 and result["tasks"] == 280
    # The same leave-category-out evaluation as test_unit_suggest, through the command line.
    assert result["top1"] >= TOP1_GOAL and result["top3"] >= TOP3_GOAL
    code, out = run_cli(capsys, seeded_db, "suggest-units", "推进老旧小区改造和加装电梯")
    assert code == 0 and out.startswith("市住房城乡建设局")


def test_cli_errors_are_one_chinese_line(seeded_db, capsys):
    code = main(["--db", seeded_db, "link", "越秀区", "越秀区"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("错误：") and "没有责任分工任务" in err and err.count("\n") == 1
    code = main(["--db", seeded_db, "suggest-units"])
    assert code == 1 and "请提供任务文字" in capsys.readouterr().err


# --- the store functions behind the GUI's links tab -------------------------------------------------

def test_report_coverage_from_stored_sources_equals_a_fresh_alignment(seeded_db, monkeypatch):
    from gzviewer.store import link_queries
    from gzviewer.store.database import open_database

    database = open_database(seeded_db)
    try:
        with database.session() as session:
            [pair] = link_queries.linked_pairs(session)
            report = session.get(link_queries.Document, pair.report_id)
            assert (report.kind, report.year) == ("work_report", 2021)
            text = report.text
            stored = link_queries.report_coverage(session, pair.report_id, pair.assignment_id)
            monkeypatch.setattr(link_queries, "_stored_alignments", lambda *_args: None)
            fresh = link_queries.report_coverage(session, pair.report_id, pair.assignment_id)
    finally:
        database.dispose()
    assert stored.from_stored_links and not fresh.from_stored_links
    assert stored.to_json() == fresh.to_json()
    assert stored.uncovered and stored.unsourced == []
    assert all(text[s.start:s.end] == s.text and s.section for s in stored.uncovered)


def test_report_coverage_matches_the_cli(seeded_db, capsys):
    from gzviewer.store.database import open_database
    from gzviewer.store.link_queries import linked_pairs, report_coverage

    code, out = run_cli(capsys, seeded_db, "coverage", "市人民政府工作报告", "责任分工", "--json")
    database = open_database(seeded_db)
    try:
        with database.session() as session:
            [pair] = linked_pairs(session)
            result = report_coverage(session, pair.report_id, pair.assignment_id)
    finally:
        database.dispose()
    assert code == 0 and json.loads(out) == result.to_json()


def test_indicator_names_and_timeline_offsets(seeded_db):
    from collections import Counter

    from gzviewer.store.database import open_database
    from gzviewer.store.link_queries import indicator_names, indicator_timeline
    from gzviewer.store.models import Document, Target

    database = open_database(seeded_db)
    try:
        with database.session() as session:
            names = indicator_names(session)
            counts = Counter(session.scalars(select(Target.indicator)))
            points = indicator_timeline(session, "地区生产总值")
            texts = {p.document_id: session.get(Document, p.document_id).text for p in points}
    finally:
        database.dispose()
    assert sorted(names) == sorted(counts) and len(names) == len(set(names))
    assert [counts[n] for n in names] == sorted((counts[n] for n in names), reverse=True)
    assert len(texts) > 1
    assert all(texts[p.document_id][p.sentence_start:p.sentence_end] == p.sentence for p in points)


@pytest.mark.parametrize(("query", "indicator", "same"), [
    ("地区生产总值", "地区生产总值", True),
    ("地区生产总值", "生产总值", True),
    ("GDP", "地区生产总值迈上", True),
    ("地区生产总值", "全市地区生产总值", True),
    ("城镇新增就业", "新增就业", True),
    ("固定资产投资", "固投", True),
    ("地区生产总值", "人均地区生产总值", False),
    ("地区生产总值", "战略性新兴产业增加值占地区生产总值比重", False),
    ("地区生产总值", "地区生产总值比重", False),
    ("地区生产总值", "海洋生产总值", False),
    ("城镇新增就业", "残疾人新增就业", False),
    ("地区生产总值", "单位地区生产总值能耗", False),
])
def test_same_indicator(query, indicator, same):
    assert same_indicator(query, indicator) is same


def test_slogan_titled_report_found_by_its_annual_targets():
    text = ("各位代表：\n一、一年接着一年干，发展取得新成效\n去年地区生产总值增长5%。\n"
            "二、一鼓作气勇争先，推动开好局\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n"
            "（一）壮大实体经济。加快建设现代化产业体系。\n各位代表！\n让我们团结奋斗。")
    outline = [heading(1, "一、", "一年接着一年干，发展取得新成效", text.index("一、")),
               heading(1, "二、", "一鼓作气勇争先，推动开好局", text.index("二、")),
               heading(2, "（一）", "壮大实体经济", text.index("（一）"))]
    sentences = split_sentences(text, outline)
    chosen = [sentences[i].text for i in work_arrangement_sentences(sentences, outline, len(text))]
    assert chosen[0] == "二、一鼓作气勇争先，推动开好局"
    assert chosen[-1] == "加快建设现代化产业体系。"


@pytest.mark.parametrize("path", sorted(REALWORLD.glob("prov2026_*.txt")), ids=lambda p: p.stem)
def test_real_reports_arrangement_holds_the_years_targets(path):
    from gzviewer.parse.outline import parse_outline

    text = path.read_text(encoding="utf-8")
    outline = parse_outline(text)
    sentences = split_sentences(text, outline)
    chosen = work_arrangement_sentences(sentences, outline, len(text))
    texts = [sentences[i].text for i in chosen]
    assert any("主要预期目标" in t for t in texts)
    assert len(chosen) < 0.8 * len(sentences)
    roles = sentence_roles(sentences, outline, chosen)
    assert sum(role == ROLE_BODY for role in roles.values()) >= 50

"""The supervision cycle played over seed 004: three reporting rounds.

Sheets are exported per lead unit for each round; some units return them with changes, some do
not, one returns twice, one task is extended with a reason. Checked: every change is in the
history with its source, file and round; nothing reported earlier is lost; the round status
names exactly the units that did not return; the 催办 list and the bulletin agree with the store.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document as read_docx

from gzviewer.cli import main
from gzviewer.export.ledger import HEADER_ID, HEADER_NOTE, HEADER_PROGRESS, HEADER_STATUS
from gzviewer.services.bulletin import bulletin_figures, write_bulletin
from gzviewer.services.rounds import (
    CHASE_NOT_RETURNED,
    export_chase_list,
    export_round_sheets,
    import_returned_sheet,
    is_late,
    open_round,
    round_status,
)
from gzviewer.store.history import SOURCE_CLI, SOURCE_SHEET, task_history
from gzviewer.store.queries import DONE_STATUS, ROLE_LEAD, TaskFilter, fetch_tasks

ROUNDS = (("2021年第一季度", "2021-04-10"), ("2021年第二季度", "2021-07-10"), ("2021年第三季度", "2021-10-10"))
SCIENCE = "市科技局"
DEVELOPMENT = "市发展改革委"
COMMERCE = "市商务局"


def _columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[2] if cell.value}


def _return_sheet(exported: Path, returned_dir: Path, edits: dict[int, dict[str, str]], name: str | None = None
                  ) -> tuple[Path, dict[int, int]]:
    """A unit's copy of its sheet, filled in (n-th task row → header → value); n → task id."""
    returned_dir.mkdir(exist_ok=True)
    path = returned_dir / (name or exported.name)
    shutil.copy(exported, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    columns = _columns(sheet)
    rows = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, columns[HEADER_ID]).value]
    ids = {}
    for index, row in enumerate(rows):
        ids[index] = int(str(sheet.cell(row, columns[HEADER_ID]).value).split("-")[0])
        for header, value in edits.get(index, {}).items():
            sheet.cell(row, columns[header]).value = value
    workbook.save(path)
    return path, ids


def _lead_units(database) -> set[str]:
    with database.session() as session:
        return {u for t in fetch_tasks(session, TaskFilter()) for u in t.lead_units.split("、") if u}


def _cli(database, *args: str) -> int:
    return main(["--db", database.url, *args])


@pytest.fixture
def cycle(store_004, tmp_path):
    """Three rounds played; returns what the checks need."""
    db = store_004
    played: dict = {"db": db, "tmp": tmp_path}
    with db.session() as session:
        info = open_round(session, *ROUNDS[0])
    assert info.document_id is not None  # the one notice in the store

    # Round 1: 市科技局 and 市发展改革委 report changes, 市商务局 returns its sheet unchanged.
    with db.session() as session:
        sheets = {r.path.stem: r.path for r in export_round_sheets(session, ROUNDS[0][0], tmp_path / "r1")}
    assert set(sheets) == _lead_units(db)
    title = openpyxl.load_workbook(sheets[SCIENCE]).worksheets[0].cell(1, 1).value
    assert ROUNDS[0][0] in title  # the round is stamped in the sheet
    science_1, science_ids = _return_sheet(sheets[SCIENCE], tmp_path / "back1", {
        0: {HEADER_STATUS: "推进中", HEADER_PROGRESS: "已完成科技创新轴规划编制"},
        1: {HEADER_STATUS: "推进中", HEADER_PROGRESS: "已启动实验室建设"}})
    development_1, development_ids = _return_sheet(sheets[DEVELOPMENT], tmp_path / "back1", {
        0: {HEADER_STATUS: "推进中", HEADER_PROGRESS: "一季度完成投资 25%"}})
    commerce_1, _ = _return_sheet(sheets[COMMERCE], tmp_path / "back1", {})
    with db.session() as session:
        for path in (science_1, development_1, commerce_1):
            report = import_returned_sheet(session, path, ROUNDS[0][0], user="张三")
            assert not report.has_problems
    # The officer sets a due date on the command line.
    extended = development_ids[0]
    assert _cli(db, "review", str(extended), "--due", "2021-06-30", "--user", "李四") == 0
    played["round_1_returned"] = {SCIENCE, DEVELOPMENT, COMMERCE}

    # Round 2: 市科技局 finishes one task; 市发展改革委 returns twice (the second corrects its
    # progress); 市商务局 does not return; one task is extended with its reason.
    assert _cli(db, "round", "open", ROUNDS[1][0], "--due", ROUNDS[1][1]) == 0
    assert _cli(db, "export", "tasks", "--split", str(tmp_path / "r2"), "--round", ROUNDS[1][0]) == 0
    r2 = tmp_path / "r2"
    science_2, _ = _return_sheet(r2 / f"{SCIENCE}.xlsx", tmp_path / "back2", {
        0: {HEADER_STATUS: DONE_STATUS, HEADER_PROGRESS: "科技创新轴规划已印发"},
        1: {HEADER_PROGRESS: "实验室主体工程完工 40%"}})
    development_2a, _ = _return_sheet(r2 / f"{DEVELOPMENT}.xlsx", tmp_path / "back2", {
        0: {HEADER_PROGRESS: "二季度完成投资 45%"}}, name=f"{DEVELOPMENT}（第一次）.xlsx")
    assert _cli(db, "import-progress", str(science_2), "--round", ROUNDS[1][0]) == 0
    assert _cli(db, "import-progress", str(development_2a), "--round", ROUNDS[1][0]) == 0
    development_2b, _ = _return_sheet(r2 / f"{DEVELOPMENT}.xlsx", tmp_path / "back2", {
        0: {HEADER_PROGRESS: "二季度完成投资 48%（更正）", HEADER_NOTE: "数据以统计局为准"}},
        name=f"{DEVELOPMENT}（第二次）.xlsx")
    with db.session() as session:  # exported before the first return: the progress is a conflict, taken by --force
        report = import_returned_sheet(session, development_2b, ROUNDS[1][0], overwrite_conflicts=True)
        assert report.applied
    assert _cli(db, "review", str(extended), "--due", "2021-09-30", "--reason", "征地手续延后，经分管领导同意延期",
                "--user", "李四") == 0
    played["round_2_returned"] = {SCIENCE, DEVELOPMENT}

    # Round 3: only 市科技局 returns, with nothing changed; the extended task is now late.
    assert _cli(db, "round", "open", ROUNDS[2][0], "--due", ROUNDS[2][1]) == 0
    with db.session() as session:
        export_round_sheets(session, ROUNDS[2][0], tmp_path / "r3")
    science_3, _ = _return_sheet(tmp_path / "r3" / f"{SCIENCE}.xlsx", tmp_path / "back3", {})
    with db.session() as session:
        import_returned_sheet(session, science_3, ROUNDS[2][0])
    played.update(science_ids=science_ids, extended=extended, files={
        "science_1": science_1.name, "science_2": science_2.name, "development_2b": development_2b.name})
    played["round_3_returned"] = {SCIENCE}
    return played


def test_every_change_is_in_the_history_with_source_and_round(cycle, capsys):
    db, science = cycle["db"], cycle["science_ids"]
    with db.session() as session:
        first = task_history(session, science[0])
        extended = task_history(session, cycle["extended"])
    assert [(e.field, e.old, e.new, e.source, e.round, e.file_name) for e in first] == [
        ("status", "未开始", "推进中", SOURCE_SHEET, ROUNDS[0][0], cycle["files"]["science_1"]),
        ("progress", None, "已完成科技创新轴规划编制", SOURCE_SHEET, ROUNDS[0][0], cycle["files"]["science_1"]),
        ("status", "推进中", DONE_STATUS, SOURCE_SHEET, ROUNDS[1][0], cycle["files"]["science_2"]),
        ("progress", "已完成科技创新轴规划编制", "科技创新轴规划已印发", SOURCE_SHEET, ROUNDS[1][0],
         cycle["files"]["science_2"]),
    ]
    assert first[0].user == "张三"
    # The returned-twice unit: both returns in the history, the second one's correction last.
    progress = [(e.new, e.round, e.file_name) for e in extended if e.field == "progress"]
    assert progress == [("一季度完成投资 25%", ROUNDS[0][0], "市发展改革委.xlsx"),
                        ("二季度完成投资 45%", ROUNDS[1][0], f"{DEVELOPMENT}（第一次）.xlsx"),
                        ("二季度完成投资 48%（更正）", ROUNDS[1][0], f"{DEVELOPMENT}（第二次）.xlsx")]
    # The extension: old → new date, its reason, by the command line and the named user.
    due = [(e.old, e.new, e.source, e.reason, e.user) for e in extended if e.field == "due_date"]
    assert due == [(None, "2021-06-30", SOURCE_CLI, None, "李四"),
                   ("2021-06-30", "2021-09-30", SOURCE_CLI, "征地手续延后，经分管领导同意延期", "李四")]
    # gzviewer history TASK --json gives the same entries.
    capsys.readouterr()
    assert _cli(db, "history", str(cycle["extended"]), "--json") == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["new"] for e in entries if e["field"] == "progress"][-1] == "二季度完成投资 48%（更正）"
    assert entries[-1]["reason"] == "征地手续延后，经分管领导同意延期" and entries[-1]["source_label"] == "命令行"


def test_nothing_reported_earlier_is_lost(cycle):
    """Each later value's "old" is the earlier one: the chain of entries rebuilds every report."""
    db = cycle["db"]
    with db.session() as session:
        rows = {t.id: t for t in fetch_tasks(session, TaskFilter())}
        for task_id in (*cycle["science_ids"].values(), cycle["extended"]):
            entries = task_history(session, task_id)
            for field in ("status", "progress", "note", "due_date"):
                chain = [e for e in entries if e.field == field]
                for before, after in zip(chain, chain[1:], strict=False):
                    assert after.old == before.new
                if chain:  # the current value is the latest entry
                    assert chain[-1].new == getattr(rows[task_id], "review_due" if field == "due_date" else field)


def test_round_status_lists_exactly_the_units_that_did_not_return(cycle, capsys):
    db = cycle["db"]
    units = _lead_units(db)
    with db.session() as session:
        for (name, _), returned in zip(ROUNDS, ("round_1_returned", "round_2_returned", "round_3_returned"),
                                       strict=True):
            status = round_status(session, name)
            assert set(status.missing_units) == units - cycle[returned]
            assert {u.unit for u in status.units} == units
    capsys.readouterr()
    assert _cli(db, "round", "status", ROUNDS[1][0], "--json") == 0
    data = json.loads(capsys.readouterr().out)
    by_unit = {u["unit"]: u for u in data["units"]}
    assert set(data["not_returned"]) == units - cycle["round_2_returned"]
    assert by_unit[DEVELOPMENT]["returns"] == 2 and by_unit[DEVELOPMENT]["returned"]
    science = by_unit[SCIENCE]
    assert science["reported"] == science["tasks"] == 16
    assert science["changed"] == 2 and science["unchanged"] == 14
    with db.session() as session:
        third = {u.unit: u for u in round_status(session, ROUNDS[2][0]).units}
    assert third[SCIENCE].changed == 0 and third[SCIENCE].unchanged == 16
    # The extended task (due 2021-09-30, not done) is late at the third round's return date.
    assert third[DEVELOPMENT].late == 1


def test_chase_list_agrees_with_the_store(cycle):
    db, tmp = cycle["db"], cycle["tmp"]
    with db.session() as session:
        path, rows = export_chase_list(session, ROUNDS[1][0], tmp / "催办.xlsx", today=date(2021, 7, 12))
        tasks = fetch_tasks(session, TaskFilter())
    returned = cycle["round_2_returned"]
    # One line per (unit, task) a unit that did not return leads (a task with two lead units can
    # be owed by one of them only).
    expected = {(u, t.no) for t in tasks for u in t.lead_units.split("、") if u and u not in returned}
    assert len(rows) == len(expected) and {(r.unit, r.no) for r in rows} == expected
    assert {r.unit for r in rows} == _lead_units(db) - returned
    assert all(r.reason == CHASE_NOT_RETURNED for r in rows)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in sheet[2]]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=3) if row[0].value is not None]
    assert len(body) == len(rows)
    contact, phone = headers.index("联系人"), headers.index("联系电话")
    assert all(r[contact] is None and r[phone] is None for r in body)
    assert ROUNDS[1][0] in sheet.cell(1, 1).value


def test_bulletin_figures_agree_with_the_store(cycle):
    db, tmp = cycle["db"], cycle["tmp"]
    issued = date(2021, 10, 15)
    with db.session() as session:
        figures = bulletin_figures(session, ROUNDS[2][0], issued)
        tasks = fetch_tasks(session, TaskFilter())
        result = write_bulletin(session, ROUNDS[1][0], tmp / "通报.docx", issued=date(2021, 7, 15))
    reference = date.fromisoformat(ROUNDS[2][1])
    assert figures.total == len(tasks) == 280
    assert figures.by_status == {s: c for s, c in ((s, Counter(t.status for t in tasks)[s]) for s in figures.by_status)}
    assert figures.done == 1
    assert [t.no for t in figures.late_tasks] == [t.no for t in tasks if is_late(t, reference)]
    assert len(figures.late_tasks) == 1 and figures.late_tasks[0].progress == "二季度完成投资 48%（更正）"
    assert sum(g.tasks for g in figures.leaders) == len(tasks)
    science = next(g for g in figures.units if g.name == SCIENCE)
    with db.session() as session:
        science_tasks = fetch_tasks(session, TaskFilter(unit=SCIENCE, role=ROLE_LEAD))
    assert science.tasks == len(science_tasks) and science.done == 1 and science.returned
    assert figures.units_returned == 1 and figures.previous_round == ROUNDS[1][0]
    # The second round's changes: 市科技局's status change and the extension, with its reason.
    second = result.figures
    assert second.status_changes == 1 and second.extensions == 1
    assert any(c.reason == "征地手续延后，经分管领导同意延期" for c in second.changes)
    assert second.tasks_updated == 3
    # The Word file: A4, title, tables, a PAGE field between em dashes at the foot.
    document = read_docx(str(result.path))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert document.paragraphs[0].text == f"{ROUNDS[1][0]}重点工作督办情况通报"
    assert len(document.tables) == 5  # statuses, leaders, units, changes, rounds (nothing late at 2021-07-10)
    assert any(p.text == "本轮没有逾期或滞后事项。" for p in document.paragraphs)
    footer = zipfile.ZipFile(result.path).read("word/footer1.xml").decode("utf-8")
    assert "PAGE" in footer and footer.count("—") == 2
    body = {p.text for p in document.paragraphs}
    assert any(f"本轮督办重点工作{len(tasks)}项" in text for text in body)
    with db.session() as session:
        third = write_bulletin(session, ROUNDS[2][0], tmp / "通报（第三季度）.docx", issued=issued)
    late_table = read_docx(str(third.path)).tables[3]
    assert [c.text for c in late_table.rows[1].cells][-1] == "二季度完成投资 48%（更正）"
    # The trend over the rounds: returns, reports, changes and tasks done at the end of each.
    trend = [(t.name, t.units_returned, t.reported, t.changed, t.done) for t in figures.trend]
    science, development, commerce = 16, 39, 17
    assert trend == [(ROUNDS[0][0], 3, science + development + commerce, 3, 0),
                     (ROUNDS[1][0], 2, science + development, 3, 1),
                     (ROUNDS[2][0], 1, science, 0, 1)]
    trend_table = read_docx(str(third.path)).tables[-1]
    assert [c.text for c in trend_table.rows[2].cells][:6] == [ROUNDS[1][0], ROUNDS[1][1], "2/50", "55", "3", "1"]

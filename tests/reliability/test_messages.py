"""Messages say what happened, and what a spreadsheet shows is what comes back (issue 21, "Messages").

Each test is one case of the issue: a disk-full batch lists what was imported; UTF-16 without a
byte-order mark and NUL-padded text are read; OpenDocument files are named as such; a bad argument
byte and a damaged version table give one Chinese line; identical rejections are grouped; dates
and percentages in a returned sheet keep what the officer saw; a literal ``_xHHHH_`` survives the
round trip; a unit called like the export record exports; exported files are readable by others;
a 32,767-character cell renders in linear time; the window exits cleanly after many edits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from gzviewer.export import export_tasks, export_tasks_split, import_progress
from gzviewer.export.ledger import HEADER_NO, HEADER_PROGRESS, LEDGER_SHEET
from gzviewer.export.table_sheet import HEADER_ROW
from gzviewer.parse.pipeline import content_hash
from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TaskRecord
from gzviewer.store.importer import import_extracted
from gzviewer.store.models import Review, Task
from gzviewer.store.queries import ROLE_LEAD, TaskFilter
from tests.reliability.store_fixtures import seed_tasks

UNIT = "市科技局"


def _columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[HEADER_ROW] if cell.value}


def _task_rows(sheet) -> list[int]:
    column = _columns(sheet)[HEADER_NO]
    return [r for r in range(HEADER_ROW + 1, sheet.max_row + 1) if isinstance(sheet.cell(r, column).value, int)]


def _progress(database) -> dict[int, str]:
    with database.session() as session:
        return {r.task_id: r.progress for r in session.scalars(select(Review))}


def _export(database, path: Path, unit: str = UNIT, **options) -> Path:
    with database.session() as session:
        export_tasks(session, TaskFilter(unit=unit, role=ROLE_LEAD), path, **options)
    return path


def _import(database, path: Path, **options):
    with database.session() as session:
        return import_progress(session, path, **options)


def _store_tasks(database, texts: list[str], unit: str = UNIT, title: str = "消息测试分工") -> list[int]:
    from gzviewer.parse.sentences import split_sentences

    tasks = [TaskRecord(no=i, section="一、测试", category=None, text=text, leader=None, lead_units=[unit])
             for i, text in enumerate(texts, start=1)]
    body = f"{title}。"
    import_extracted(database, ExtractedDocument("m.txt", "txt", content_hash(body + "".join(texts)),
                                                 DocumentMeta(title=title, kind="task_assignment"), body,
                                                 sentences=split_sentences(body), tasks=tasks))
    with database.session() as session:
        return list(session.scalars(select(Task.id).order_by(Task.no)))


# --- 7. dates and percentages typed into 进展情况 ---------------------------------------------------

def test_dates_and_percentages_keep_what_the_officer_saw(database, tmp_path):
    seed_tasks(database, 4)
    path = _export(database, tmp_path / "keji.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    column = _columns(sheet)[HEADER_PROGRESS]
    rows = _task_rows(sheet)
    cells = [sheet.cell(row, column) for row in rows]
    cells[0].value = dt.datetime(2024, 6, 30)
    cells[0].number_format = "yyyy-mm-dd"
    cells[1].value = 0.5
    cells[1].number_format = "0%"
    cells[2].value = 0.125
    cells[2].number_format = "0.0%"
    cells[3].value = dt.datetime(2024, 6, 30, 14, 30)
    cells[3].number_format = "yyyy-mm-dd hh:mm"
    workbook.save(path)
    report = _import(database, path)
    assert report.tasks_changed == 4 and not report.has_problems, report.to_json()
    assert sorted(_progress(database).values()) == ["12.5%", "2024-06-30", "2024-06-30 14:30", "50%"]


# --- 8. a literal _xHHHH_ in exported text ------------------------------------------------------------

def test_literal_ooxml_escapes_survive_export_and_import(database, tmp_path):
    texts = ["填写_x0041_代码。", "路径C:\\_x000D_x。", "两个_x005F__x4E2D_。"]
    ids = _store_tasks(database, texts)
    path = _export(database, tmp_path / "escape.xlsx")
    # In the file each literal _x is escaped, so a spreadsheet program shows the text as stored ...
    import zipfile
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "_x005F_x0041_" in xml and "_x0041_代码" not in xml.replace("_x005F_x0041_", "")
    # ... and it reads back as written: the record verifies and nothing changed.
    report = _import(database, path)
    assert not report.has_problems and report.tasks_changed == 0 and report.unchanged == len(ids), report.to_json()
    # What Excel and LibreOffice show (the unescaped text) is the stored text.
    from gzviewer.export.sheet_xml import unescape_text
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    shown = [unescape_text(sheet.cell(row, _columns(sheet)["重点工作"]).value) for row in _task_rows(sheet)]
    assert shown == texts
    # A progress text with a literal escape, typed by the unit, is stored as typed.
    sheet.cell(_task_rows(sheet)[0], _columns(sheet)[HEADER_PROGRESS]).value = "完成_x005F_x0031_"
    workbook.save(path)
    report = _import(database, path)
    assert report.tasks_changed == 1 and not report.has_problems
    assert _progress(database)[ids[0]] == "完成_x0031_"


# --- 9. a unit named like the export record ----------------------------------------------------------

@pytest.mark.parametrize("how", ["unit", "split", "per_unit"])
def test_a_unit_named_like_the_record_sheet_exports(database, tmp_path, how):
    ids = _store_tasks(database, ["任务甲。", "任务乙。"], unit=LEDGER_SHEET)
    if how == "split":
        with database.session() as session:
            [result] = export_tasks_split(session, TaskFilter(), tmp_path / "split")
        path = result.path
    else:
        path = _export(database, tmp_path / "record.xlsx", unit=LEDGER_SHEET, per_unit=how == "per_unit")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames.count(LEDGER_SHEET) == 1 and workbook[LEDGER_SHEET].sheet_state == "veryHidden"
    task_sheet = next(s for s in workbook.worksheets if s.title.startswith(LEDGER_SHEET) and s.title != LEDGER_SHEET)
    for row in _task_rows(task_sheet):
        task_sheet.cell(row, _columns(task_sheet)[HEADER_PROGRESS]).value = "已完成一半"
    workbook.save(path)
    report = _import(database, path)
    assert report.tasks_changed == len(ids) and not report.has_problems, report.to_json()

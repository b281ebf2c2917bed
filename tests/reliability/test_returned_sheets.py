"""Returned sheets never lose a unit's input silently: every way a unit (or its spreadsheet
program) commonly changes an exported workbook is read, or reported row by row, and never
overwrites a newer value or a file it should not."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from gzviewer.cli import main
from gzviewer.errors import DocumentReadError
from gzviewer.export import export_tasks, export_tasks_split, import_progress
from gzviewer.export.files import OutputExistsError
from gzviewer.export.ledger import HEADER_ID, HEADER_NO, HEADER_PROGRESS, HEADER_STATUS
from gzviewer.export.progress_sheet import SKIP_NO_HEADER, column_field
from gzviewer.export.table_sheet import HEADER_ROW
from gzviewer.ingest.xlsx import read_xlsx
from gzviewer.store.models import Review, Task
from gzviewer.store.queries import ROLE_LEAD, TaskFilter, save_review
from tests.reliability.store_fixtures import seed_tasks

UNIT = "市科技局"
TASKS = 16


@pytest.fixture
def store(database):
    seed_tasks(database, TASKS)
    return database


def _export(database, path: Path, **options) -> Path:
    with database.session() as session:
        export_tasks(session, TaskFilter(unit=UNIT, role=ROLE_LEAD), path, **options)
    return path


def _columns(sheet, header_row: int = HEADER_ROW) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[header_row] if cell.value}


def _task_rows(sheet, header_row: int = HEADER_ROW) -> list[int]:
    """Rows holding a task (a number in 序号), top to bottom."""
    column = _columns(sheet, header_row)[HEADER_NO]
    return [r for r in range(header_row + 1, sheet.max_row + 1) if isinstance(sheet.cell(r, column).value, int)]


def _progress(database) -> dict[int, str]:
    with database.session() as session:
        return {r.task_id: r.progress for r in session.scalars(select(Review))}


def _fill_all(path: Path, text: str = "第{no}项已推进", sheet_name: str | None = None) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
    columns = _columns(sheet)
    for row in _task_rows(sheet):
        no = sheet.cell(row, columns[HEADER_NO]).value
        sheet.cell(row, columns[HEADER_PROGRESS]).value = text.format(no=no)
    workbook.save(path)


def _import(database, path: Path, **options):
    with database.session() as session:
        return import_progress(session, path, **options)


# --- columns by meaning, headers moved, hidden column deleted ----------------------------------------

def test_column_meanings():
    assert column_field("进展情况（截至6月底）") == "progress"
    assert column_field(" 完成状态 ") == "status"
    assert column_field("工作进度") == "progress"
    assert column_field("备注：") == "note"
    assert column_field("序 号".replace(" ", "")) == "no"
    assert column_field("牵头单位") is None


def test_a_renamed_progress_header_is_still_the_progress_column(store, tmp_path):
    path = _export(store, tmp_path / "keji.xlsx")
    _fill_all(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.cell(HEADER_ROW, _columns(sheet)[HEADER_PROGRESS]).value = "进展情况（截至6月底）"
    workbook.save(path)
    report = _import(store, path)
    assert report.tasks_changed == TASKS and not report.has_problems
    assert sorted(_progress(store).values()) == sorted(f"第{n}项已推进" for n in range(1, TASKS + 1))


def test_rows_inserted_above_the_header_and_the_hidden_column_deleted(store, tmp_path):
    path = _export(store, tmp_path / "keji.xlsx", per_unit=True)
    _fill_all(path, sheet_name=UNIT)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[UNIT]
    sheet.delete_cols(_columns(sheet)[HEADER_ID])
    sheet.insert_rows(1, amount=3)
    sheet["A1"] = "科技局6月报送"
    workbook.save(path)
    report = _import(store, path)
    assert report.tasks_changed == TASKS and not report.has_problems, report.to_json()
    # The summary sheet has no tasks: listed as such, not a problem.
    assert [s.sheet for s in report.skipped_sheets] == ["汇总"] and report.skipped_sheets[0].expected


def test_a_row_without_the_id_column_whose_text_was_changed_is_not_guessed(store, tmp_path):
    path = _export(store, tmp_path / "keji.xlsx")
    _fill_all(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    columns = _columns(sheet)
    first = _task_rows(sheet)[0]
    sheet.cell(first, columns["重点工作"]).value = "另一项工作"
    sheet.delete_cols(columns[HEADER_ID])
    workbook.save(path)
    report = _import(store, path)
    assert report.tasks_changed == TASKS - 1
    assert [(r.row, "内容与导出时不同" in r.reason) for r in report.rejected] == [(first, True)]
    assert [m.no for m in report.missing] == [1]


def test_a_sheet_whose_header_cannot_be_found_is_listed(store, tmp_path):
    path = _export(store, tmp_path / "keji.xlsx", per_unit=True)
    workbook = openpyxl.load_workbook(path)
    copy = workbook.copy_worksheet(workbook[UNIT])
    copy.title = "科技局填报"
    copy.delete_rows(HEADER_ROW)
    workbook.save(path)
    report = _import(store, path)
    assert [(s.sheet, s.reason) for s in report.skipped_sheets if not s.expected] == [("科技局填报", SKIP_NO_HEADER)]
    assert not report.missing and report.has_problems
    assert main(["--db", store.url, "import-progress", str(path)]) == 1
    # With no readable task sheet at all, the whole file is refused in one line.
    workbook = openpyxl.load_workbook(path)
    workbook[UNIT].delete_rows(HEADER_ROW)
    workbook.save(path)
    with pytest.raises(DocumentReadError, match="没有找到任务表"):
        _import(store, path)


# --- stale <dimension> ----------------------------------------------------------------------------

def _stale_dimension(path: Path, ref: str = "A1:I5") -> None:
    """Rewrite every sheet's <dimension> as a tool other than Excel may leave it."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_stale_dimension_does_not_cut_the_returned_rows_short(store, tmp_path):
    path = _export(store, tmp_path / "keji.xlsx")
    _fill_all(path)
    _stale_dimension(path)
    report = _import(store, path)
    assert report.rows_read == TASKS and report.tasks_changed == TASKS and not report.has_problems


def test_a_stale_dimension_does_not_cut_an_imported_table_short(tmp_path):
    path = tmp_path / "分工.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", "重点工作", "牵头单位"])
    for no in range(1, 41):
        sheet.append([no, f"推进第{no}项工作。", "市科技局"])
    workbook.save(path)
    _stale_dimension(path, "A1:C10")
    document = read_xlsx(path, path.read_bytes())
    assert len(document.tables[0]) == 41 and "推进第40项工作" in document.text


# --- tasks the sheet does not account for, merged and formula cells ----------------------------

def test_deleted_task_rows_are_listed_as_missing(store, tmp_path):
    path = _export(store, tmp_path / "keji.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = _task_rows(sheet)
    for row in reversed(rows[3:6]):
        sheet.delete_rows(row)
    workbook.save(path)
    report = _import(store, path)
    assert [m.no for m in report.missing] == [4, 5, 6] and report.has_problems


def test_a_progress_cell_merged_over_three_tasks_clears_nothing(store, tmp_path):
    with store.session() as session:
        task_ids = list(session.scalars(select(Task.id).order_by(Task.no)))
        for task_id in task_ids[:3]:
            save_review(session, task_id, progress="原有进展")
    path = _export(store, tmp_path / "keji.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    column = _columns(sheet)[HEADER_PROGRESS]
    rows = _task_rows(sheet)
    sheet.cell(rows[0], column).value = "三项合并填写的进展"
    sheet.merge_cells(start_row=rows[0], start_column=column, end_row=rows[2], end_column=column)
    sheet.cell(rows[5], column).value = "第6项进展"
    workbook.save(path)
    report = _import(store, path)
    assert sorted(r.row for r in report.rejected) == rows[:3]
    assert all("合并单元格" in r.reason for r in report.rejected)
    progress = _progress(store)
    assert [progress[t] for t in task_ids[:3]] == ["原有进展"] * 3
    assert progress[task_ids[5]] == "第6项进展"


def test_a_formula_without_a_cached_value_is_refused(store, tmp_path):
    with store.session() as session:
        task_id = session.scalar(select(Task.id).where(Task.no == 2))
        save_review(session, task_id, progress="原有进展")
    path = _export(store, tmp_path / "keji.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    column = _columns(sheet)[HEADER_PROGRESS]
    row = _task_rows(sheet)[1]
    sheet.cell(row, column).value = '=CONCATENATE("已","完成")'
    workbook.save(path)
    report = _import(store, path)
    assert [(r.row, "公式" in r.reason) for r in report.rejected] == [(row, True)]
    assert _progress(store)[task_id] == "原有进展"


# --- conflicts by revision ------------------------------------------------------------------------

def test_reimporting_a_sheet_after_the_officer_reverted_a_value_is_a_conflict(store, tmp_path):
    path = _export(store, tmp_path / "keji.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    columns = _columns(sheet)
    row = _task_rows(sheet)[0]
    sheet.cell(row, columns[HEADER_STATUS]).value = "已完成"
    task_id = int(str(sheet.cell(row, columns[HEADER_ID]).value).split("-")[0])
    workbook.save(path)
    assert _import(store, path).tasks_changed == 1
    with store.session() as session:
        save_review(session, task_id, status="推进中")  # the officer corrects the unit
    report = _import(store, path)
    assert not report.changes
    assert [(c.task_id, c.field, c.database, c.sheet_value) for c in report.conflicts] == \
        [(task_id, "status", "推进中", "已完成")]
    with store.session() as session:
        assert session.scalar(select(Review.status).where(Review.task_id == task_id)) == "推进中"
    assert main(["--db", store.url, "import-progress", str(path)]) == 1
    # Only on the user's word (--force) does the sheet win.
    assert main(["--db", store.url, "import-progress", "--force", str(path)]) == 1  # still listed
    with store.session() as session:
        assert session.scalar(select(Review.status).where(Review.task_id == task_id)) == "已完成"


# --- output files never replace a returned or existing file ---------------------------------------

def test_split_export_never_replaces_a_returned_workbook_without_force(store, tmp_path, capsys):
    folder = tmp_path / "分发"
    with store.session() as session:
        [result] = export_tasks_split(session, TaskFilter(), folder)
    _fill_all(result.path)
    returned = result.path.read_bytes()
    with pytest.raises(OutputExistsError), store.session() as session:
        export_tasks_split(session, TaskFilter(), folder)
    assert main(["--db", store.url, "export", "tasks", "--split", str(folder)]) == 1
    error = capsys.readouterr().err
    assert error.count("错误：") == 1 and "--force" in error and result.path.name in error
    assert result.path.read_bytes() == returned
    assert main(["--db", store.url, "export", "tasks", "--split", str(folder), "--force"]) == 0
    assert result.path.read_bytes() != returned


def test_single_file_export_never_replaces_an_existing_file_without_force(store, tmp_path, capsys):
    path = tmp_path / "keji.xlsx"
    path.write_bytes(b"a unit's returned file")
    for argv in (["export", "tasks", "--lead", UNIT, "-o", str(path)], ["export", "targets", "-o", str(path)]):
        assert main(["--db", store.url, *argv]) == 1
        assert "--force" in capsys.readouterr().err
    assert path.read_bytes() == b"a unit's returned file"
    assert main(["--db", store.url, "export", "tasks", "--lead", UNIT, "-o", str(path), "--force"]) == 0
    assert zipfile.is_zipfile(path)

"""The progress round trip: export for a unit, fill in with openpyxl, import-progress."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from gzviewer.cli import main
from gzviewer.errors import DocumentReadError
from gzviewer.export import export_targets, export_tasks, export_tasks_split, import_progress
from gzviewer.export.ledger import HEADER_ID, HEADER_PROGRESS, HEADER_STATUS, LEDGER_SHEET, task_key
from gzviewer.export.progress_import import (
    REASON_NO_KEY,
    REASON_NOT_EXPORTED,
    REASON_NOT_SIGNED,
)
from gzviewer.store.importer import import_files
from gzviewer.store.queries import (
    ROLE_LEAD,
    TargetFilter,
    TaskFilter,
    fetch_tasks,
    resolve_document,
    save_review,
)
from tests.conftest import seed_path

UNIT = "市科技局"
OTHER_UNIT = "市发展改革委"


def _reviews(database) -> dict[int, tuple]:
    with database.session() as session:
        return {r.id: (r.status, r.progress, r.note, r.revision) for r in fetch_tasks(session, TaskFilter())}


def _export_unit(database, path: Path, unit: str = UNIT, **options) -> Path:
    with database.session() as session:
        export_tasks(session, TaskFilter(unit=unit, role=ROLE_LEAD), path, **options)
    return path


def _columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[2] if cell.value}


def _task_row_numbers(sheet) -> list[int]:
    id_column = _columns(sheet)[HEADER_ID]
    return [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, id_column).value]


def _fill(path: Path, edits: dict[int, dict[str, str]], sheet_index: int = 0) -> dict[int, int]:
    """Edit the n-th task rows (header → value) like a unit would; returns n → task id."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[sheet_index]
    columns = _columns(sheet)
    rows = _task_row_numbers(sheet)
    ids = {}
    for index, values in edits.items():
        row = rows[index]
        ids[index] = int(str(sheet.cell(row, columns[HEADER_ID]).value).split("-")[0])
        for header, value in values.items():
            sheet.cell(row, columns[header]).value = value
    workbook.save(path)
    return ids


def test_round_trip_updates_exactly_the_edited_tasks(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    before = _reviews(store_004)
    ids = _fill(path, {0: {HEADER_STATUS: "推进中", HEADER_PROGRESS: "已完成选址论证"},
                       3: {HEADER_STATUS: "已完成", HEADER_PROGRESS: "项目已落地"},
                       7: {HEADER_STATUS: "滞后", HEADER_PROGRESS: "用地审批未完成\n需市规划和自然资源局协调"}})
    with store_004.session() as session:
        report = import_progress(session, path)
    assert report.applied and report.tasks_changed == 3 and not report.has_problems
    assert report.unchanged == 13
    after = _reviews(store_004)
    changed = {task_id for task_id in after if after[task_id] != before[task_id]}
    assert changed == set(ids.values())
    assert after[ids[0]][:2] == ("推进中", "已完成选址论证")
    assert after[ids[7]][1] == "用地审批未完成\n需市规划和自然资源局协调"
    with store_004.session() as session:
        second = import_progress(session, path)
    assert not second.changes and not second.has_problems and second.unchanged == 16
    assert _reviews(store_004) == after


def test_dry_run_changes_nothing(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    _fill(path, {1: {HEADER_STATUS: "已完成"}, 2: {HEADER_PROGRESS: "进行中"}})
    before = _reviews(store_004)
    with store_004.session() as session:
        report = import_progress(session, path, dry_run=True)
    assert len(report.changes) == 2 and not report.applied
    assert _reviews(store_004) == before


def test_conflicting_edit_is_reported_and_not_applied(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    ids = _fill(path, {0: {HEADER_STATUS: "推进中", HEADER_PROGRESS: "单位填写的进展"}})
    task_id = ids[0]
    with store_004.session() as session:
        save_review(session, task_id, progress="市政府办公厅记录的进展")
    with store_004.session() as session:
        report = import_progress(session, path)
    assert [(c.task_id, c.field) for c in report.conflicts] == [(task_id, "status"), (task_id, "progress")]
    conflict = report.conflicts[1]
    assert (conflict.exported, conflict.database, conflict.sheet_value) == ("", "市政府办公厅记录的进展", "单位填写的进展")
    # The review moved since the export (revision 0 → 1): even the status, unchanged in value,
    # may have been changed and changed back, so it is not overwritten without asking either.
    assert (conflict.exported_revision, conflict.database_revision) == (0, 1)
    assert not report.changes
    status, progress, _note, _revision = _reviews(store_004)[task_id]
    assert (status, progress) == ("未开始", "市政府办公厅记录的进展")


def test_same_change_made_on_both_sides_is_not_a_conflict(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    ids = _fill(path, {0: {HEADER_STATUS: "已完成"}})
    with store_004.session() as session:
        save_review(session, ids[0], status="已完成")
    with store_004.session() as session:
        report = import_progress(session, path)
    assert not report.conflicts and not report.changes


def test_row_with_an_id_outside_the_export_is_rejected(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    with store_004.session() as session:
        other = fetch_tasks(session, TaskFilter(unit=OTHER_UNIT, role=ROLE_LEAD))[0]
        other_key = task_key(other.id, resolve_document(session, other.document_id).content_hash)
    ids = _fill(path, {0: {HEADER_ID: other_key, HEADER_STATUS: "已完成"}, 1: {HEADER_STATUS: "推进中"}})
    before = _reviews(store_004)
    with store_004.session() as session:
        report = import_progress(session, path)
    assert [(r.key, r.reason) for r in report.rejected] == [(other_key, REASON_NOT_EXPORTED)]
    after = _reviews(store_004)
    assert after[other.id] == before[other.id]
    assert after[ids[1]][0] == "推进中"


def test_forged_export_record_cannot_reach_another_units_task(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    with store_004.session() as session:
        other = fetch_tasks(session, TaskFilter(unit=OTHER_UNIT, role=ROLE_LEAD))[0]
        other_key = task_key(other.id, resolve_document(session, other.document_id).content_hash)
    _fill(path, {0: {HEADER_ID: other_key, HEADER_STATUS: "已完成"}, 1: {HEADER_STATUS: "推进中"}})
    workbook = openpyxl.load_workbook(path)
    ledger = workbook[LEDGER_SHEET]
    ledger.append([other_key, other.id, other.document_id, other_key.split("-")[1], other.no, 0, "未开始", "", "", ""])
    workbook.save(path)
    before = _reviews(store_004)
    with store_004.session() as session, pytest.raises(DocumentReadError, match=REASON_NOT_SIGNED) as caught:
        import_progress(session, path)
    assert str(caught.value).startswith(f"无法导入文件“{path.name}”") and "\n" not in str(caught.value)
    assert _reviews(store_004) == before  # not even the genuine row: the file as a whole is untrusted


def test_untouched_round_trip_verifies_and_changes_nothing(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    workbook = openpyxl.load_workbook(path)  # opened and saved unchanged, as Excel or WPS would
    workbook.save(path)
    before = _reviews(store_004)
    with store_004.session() as session:
        report = import_progress(session, path)
    assert not report.changes and not report.has_problems and report.unchanged == 16
    assert _reviews(store_004) == before


def test_split_files_each_verify(store_004, tmp_path):
    with store_004.session() as session:
        exports = export_tasks_split(session, TaskFilter(), tmp_path / "split")
    for export in exports[:3]:
        _fill(export.path, {0: {HEADER_PROGRESS: f"{export.path.stem}的进展"}})
        with store_004.session() as session:
            report = import_progress(session, export.path)
        assert report.tasks_changed == 1 and not report.has_problems


def test_a_sheet_exported_from_another_database_is_refused(store_004, database, tmp_path):
    """Same document, same task ids and identifiers, but another database: its key differs."""
    assert import_files(database, [seed_path("004")])[0].error is None
    path = _export_unit(database, tmp_path / "keji.xlsx")
    ids = _fill(path, {0: {HEADER_STATUS: "已完成", HEADER_PROGRESS: "在另一个库导出的表"}})
    with store_004.session() as session:  # the identifiers would match this database's tasks
        assert ids[0] in {t.id for t in fetch_tasks(session, TaskFilter(unit=UNIT, role=ROLE_LEAD))}
    before = _reviews(store_004)
    with store_004.session() as session, pytest.raises(DocumentReadError, match=REASON_NOT_SIGNED) as caught:
        import_progress(session, path)
    assert path.name in str(caught.value)
    assert _reviews(store_004) == before
    with database.session() as session:  # the database that exported it reads it back
        assert import_progress(session, path).tasks_changed == 1


def test_invalid_status_and_rows_without_id_are_reported(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    _fill(path, {0: {HEADER_STATUS: "差不多了", HEADER_PROGRESS: "进展"}, 1: {HEADER_STATUS: None},
                 2: {HEADER_ID: None, HEADER_PROGRESS: "没有标识的进展"}})
    before = _reviews(store_004)
    with store_004.session() as session:
        report = import_progress(session, path)
    reasons = [r.reason for r in report.rejected]
    assert len(reasons) == 3
    assert "差不多了" in reasons[1] or "差不多了" in reasons[0]
    assert any("状态为空" in r for r in reasons)
    assert REASON_NO_KEY in reasons
    assert not report.changes
    assert _reviews(store_004) == before


def test_columns_found_by_header_after_the_unit_inserts_one(store_004, tmp_path):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    ids = _fill(path, {4: {HEADER_STATUS: "需协调"}})
    workbook = openpyxl.load_workbook(path)
    workbook.worksheets[0].insert_cols(1)
    workbook.save(path)
    with store_004.session() as session:
        report = import_progress(session, path)
    assert [(c.task_id, c.new) for c in report.changes] == [(ids[4], "需协调")]


def test_per_unit_workbook_round_trip_and_inconsistent_duplicates(store_004, tmp_path):
    path = tmp_path / "per_unit.xlsx"
    with store_004.session() as session:
        export_tasks(session, TaskFilter(), path, per_unit=True)
        shared = next(t for t in fetch_tasks(session, TaskFilter()) if "、" in t.lead_units)
    workbook = openpyxl.load_workbook(path)
    edited = []
    for lead in shared.lead_units.split("、")[:2]:
        sheet = workbook[lead[:31]]
        columns = _columns(sheet)
        row = next(r for r in _task_row_numbers(sheet)
                   if str(sheet.cell(r, columns[HEADER_ID]).value).startswith(f"{shared.id}-"))
        sheet.cell(row, columns[HEADER_PROGRESS]).value = f"{lead}填写"
        edited.append(lead)
    workbook.save(path)
    with store_004.session() as session:
        report = import_progress(session, path)
    assert len(report.rejected) == 1 and "不一致" in report.rejected[0].reason
    assert _reviews(store_004)[shared.id][1] == ""


def test_not_an_export_and_corrupt_files_are_clear_errors(store_004, tmp_path):
    targets = tmp_path / "targets.xlsx"
    with store_004.session() as session:
        export_targets(session, TargetFilter(), targets)
    corrupt = tmp_path / "broken.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    for path, reason in ((targets, "缺少导出记录"), (corrupt, "损坏"), (tmp_path / "none.xlsx", "不存在")):
        with store_004.session() as session, pytest.raises(DocumentReadError, match=reason) as caught:
            import_progress(session, path)
        assert path.name in str(caught.value) and "\n" not in str(caught.value)


def test_cli_import_progress_dry_run_and_json(store_004, tmp_path, capsys):
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    ids = _fill(path, {0: {HEADER_STATUS: "推进中"}, 1: {HEADER_STATUS: "无效状态"}})
    assert main(["--db", store_004.url, "import-progress", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "将修改" in out and "未能导入的行" in out and "无效状态" in out and "试运行" in out
    assert _reviews(store_004)[ids[0]][0] == "未开始"
    assert main(["--db", store_004.url, "import-progress", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] and data["tasks_changed"] == 1 and len(data["rejected"]) == 1
    assert _reviews(store_004)[ids[0]][0] == "推进中"


def test_a_database_without_its_key_makes_one_at_the_first_export(store_004, tmp_path):
    with store_004.session() as session:
        session.execute(text("DELETE FROM export_key"))
    path = _export_unit(store_004, tmp_path / "keji.xlsx")
    with store_004.session() as session:
        assert session.execute(text("SELECT count(*) FROM export_key")).scalar() == 1
    _fill(path, {0: {HEADER_STATUS: "推进中"}})
    with store_004.session() as session:
        assert import_progress(session, path).tasks_changed == 1
    with store_004.session() as session:  # a key lost after the export: nothing can be verified
        session.execute(text("DELETE FROM export_key"))
    with store_004.session() as session, pytest.raises(DocumentReadError, match=REASON_NOT_SIGNED):
        import_progress(session, path)

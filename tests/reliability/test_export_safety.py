"""Exported workbooks travel to other offices: no cell may be a formula, and a returned sheet
may change only the tasks it was exported with.

The first property stores tasks, units and reviews whose text starts like a formula (``=``,
``+``, ``-``, ``@``, after a tab or a carriage return, full-width ``＝``) and checks every cell
of the exported workbook, read by openpyxl and as raw XML. The other tests edit a returned
sheet's hidden identifiers, and then its export record too, to point at tasks outside the
exported set: another unit's, another document's, ones that do not exist. A rewritten record
no longer verifies against the database's signature and the whole file is refused; a forged
record that did carry a valid signature is still checked row by row against the database.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gzviewer.errors import DocumentReadError
from gzviewer.export import export_tasks
from gzviewer.export.ledger import (
    HEADER_ID,
    HEADER_PROGRESS,
    HEADER_STATUS,
    LEDGER_SHEET,
    REASON_UNSIGNED,
    ExportScope,
    read_ledger,
    task_key,
)
from gzviewer.export.progress_import import (
    REASON_GONE,
    REASON_NOT_EXPORTED,
    REASON_NOT_SIGNED,
    REASON_OTHER_DOCUMENT,
    REASON_OUT_OF_SCOPE,
    import_progress,
)
from gzviewer.export.progress_sheet import cell_text
from gzviewer.export.signing import export_secret, sign
from gzviewer.export.styles import FORMULA_TRIGGERS
from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TaskRecord
from gzviewer.store.importer import import_extracted
from gzviewer.store.queries import (
    ROLE_LEAD,
    STATUSES,
    TaskFilter,
    fetch_tasks,
    resolve_document,
    save_review,
)

FORMULA_EXAMPLES = 40
UNIT = "市科技局"
OTHER_UNIT = "市发展改革委"
FORMULA_ELEMENT = re.compile(r"<f[\s>/]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t=", "\t", "\r=", "\r\n=", "\n=", " =", "＝", "＋", "－", "＠",
                  "=HYPERLINK(\"http://example.invalid\",\"点击查看\")", "=cmd|' /C calc'!A0", "@SUM(A1:A9)",
                  "+A1", "-2+3", "=1+1")
# Text as officers type or paste it: any printable character, line breaks and tabs.
TAIL = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=24)
formula_like = st.builds(str.__add__, st.sampled_from(FORMULA_STARTS), TAIL)
_documents = itertools.count(1)


def _store_formula_document(db, texts: list[str], unit_names: list[str], review: tuple[str, str]) -> int:
    """A document whose every task field is ``texts``-like; one reviewed task. Its id."""
    number = next(_documents)
    tasks = [TaskRecord(no=i + 1, section=texts[i - 1], category=texts[(i + 1) % len(texts)], text=text,
                        leader=texts[-1], lead_units=[unit_names[i % len(unit_names)]],
                        coop_units=unit_names[:2], remark=texts[0])
             for i, text in enumerate(texts)]
    body = f"公式样式测试{number}。"
    import_extracted(db, ExtractedDocument(f"f{number}.txt", "txt", f"{number:064d}",
                                           DocumentMeta(title=f"公式测试分工{number}", kind="task_assignment"),
                                           body, tasks=tasks), unit_kind=lambda name: "市直部门")
    with db.session() as session:
        rows = fetch_tasks(session, TaskFilter())
        document_id = max(r.document_id for r in rows)
        first = next(r for r in rows if r.document_id == document_id)
        save_review(session, first.id, status=STATUSES[1], progress=review[0], note=review[1])
    return document_id


def _assert_no_formula_anywhere(path: Path) -> list:
    """Every cell's value; fails on a formula cell or a ``<f>`` element in any sheet part."""
    values = []
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS) \
                        and sheet.title != LEDGER_SHEET:
                    # Typing into the cell and pressing Enter must not turn it into a formula either.
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not FORMULA_ELEMENT.search(archive.read(name).decode("utf-8")), name
    return values


@settings(max_examples=FORMULA_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(formula_like, min_size=2, max_size=5),
       unit_names=st.lists(formula_like.map(lambda s: s.replace("、", "")).filter(str.strip), min_size=1,
                           max_size=3, unique=True),
       review=st.tuples(formula_like, formula_like), per_unit=st.booleans())
def test_formula_like_text_is_exported_as_plain_text(database, tmp_path, texts, unit_names, review, per_unit):
    document_id = _store_formula_document(database, texts, unit_names, review)
    path = tmp_path / "formula.xlsx"
    with database.session() as session:
        export_tasks(session, TaskFilter(document_id=document_id), path, per_unit=per_unit, overwrite=True)
        stored = [r for r in fetch_tasks(session, TaskFilter()) if r.document_id == document_id]
    values = {cell_text(v) for v in _assert_no_formula_anywhere(path) if isinstance(v, str)}
    # The hostile text is really in the workbook (as text), not dropped or rewritten.
    for row in stored:
        for text in (row.text, row.progress, row.note or row.remark, row.leader):
            assert not text or cell_text(text) in values, text


# --- returned sheets pointing outside the exported set --------------------------------------------

def _reviews(database) -> dict[int, tuple]:
    with database.session() as session:
        return {r.id: (r.status, r.progress, r.note, r.revision) for r in fetch_tasks(session, TaskFilter())}


def _other_document(database) -> int:
    """A second notice whose tasks are also led by UNIT; its first task id."""
    tasks = [TaskRecord(no=i, section="一、另一份文件", category=None, text=f"另一份文件的任务{i}。", leader=None,
                        lead_units=[UNIT]) for i in (1, 2)]
    import_extracted(database, ExtractedDocument("other.txt", "txt", "e" * 64,
                                                 DocumentMeta(title="另一份分工方案", kind="task_assignment"),
                                                 "另一份文件。", tasks=tasks))
    with database.session() as session:
        return next(r.id for r in fetch_tasks(session, TaskFilter()) if r.text == "另一份文件的任务1。")


def _key(session, task_id: int) -> str:
    task = next(r for r in fetch_tasks(session, TaskFilter()) if r.id == task_id)
    return task_key(task.id, resolve_document(session, task.document_id).content_hash)


def _export_unit_of_document(database, path: Path) -> tuple[int, list[int]]:
    """Export UNIT's lead tasks of seed 004 only; the document id and the exported task ids."""
    with database.session() as session:
        document_id = fetch_tasks(session, TaskFilter(unit=UNIT, role=ROLE_LEAD))[0].document_id
        task_filter = TaskFilter(document_id=document_id, unit=UNIT, role=ROLE_LEAD)
        export_tasks(session, task_filter, path)
        return document_id, [r.id for r in fetch_tasks(session, task_filter)]


def _edit_rows(path: Path, edits: list[dict[str, str]]) -> None:
    """Set the given header → value on the first task rows of the first sheet."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[2] if cell.value}
    rows = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, columns[HEADER_ID]).value]
    for row, values in zip(rows, edits, strict=False):
        for header, value in values.items():
            sheet.cell(row, columns[header]).value = value
    workbook.save(path)


def _foreign_keys(database, document_id: int) -> dict[str, str]:
    """Identifiers of tasks outside the export, by what they point at."""
    other_document_task = _other_document(database)
    with database.session() as session:
        other_unit_task = _other_unit_task(session, document_id)
        exported_hash = resolve_document(session, document_id).content_hash
        return {"another unit's task": _key(session, other_unit_task),
                "another document's task": _key(session, other_document_task),
                "a task id that does not exist": task_key(999_999, exported_hash),
                "not an identifier": "任务-不是标识"}


def test_identifiers_edited_to_point_outside_the_export_change_nothing(store_004, tmp_path):
    path = tmp_path / "keji.xlsx"
    document_id, exported = _export_unit_of_document(store_004, path)
    foreign = _foreign_keys(store_004, document_id)
    edits = [{HEADER_ID: key, HEADER_STATUS: "已完成", HEADER_PROGRESS: f"伪造：{what}"}
             for what, key in foreign.items()]
    _edit_rows(path, [*edits, {HEADER_STATUS: "推进中", HEADER_PROGRESS: "本单位的真实进展"}])
    before = _reviews(store_004)
    with store_004.session() as session:
        report = import_progress(session, path)
    assert [(r.key, r.reason) for r in report.rejected] == [(key, REASON_NOT_EXPORTED) for key in foreign.values()]
    after = _reviews(store_004)
    changed = {task_id for task_id in after if after[task_id] != before[task_id]}
    assert len(changed) == 1 and changed <= set(exported)  # only the genuine row
    assert after[changed.pop()][:2] == ("推进中", "本单位的真实进展")


def _forge_ledger(path: Path, entries: list[tuple], scope: ExportScope | None = None) -> None:
    """Add export-record rows (and optionally rewrite the scope), as a determined editor could."""
    workbook = openpyxl.load_workbook(path)
    ledger = workbook[LEDGER_SHEET]
    if scope is not None:
        ledger.cell(2, 2).value = scope.to_json()
    for entry in entries:
        ledger.append(list(entry))
    workbook.save(path)


def _other_unit_task(session, document_id: int) -> int:
    """A task of ``document_id`` led by another unit than the exported one."""
    return fetch_tasks(session, TaskFilter(document_id=document_id, unit=OTHER_UNIT, role=ROLE_LEAD))[0].id


def _ledger_row(session, task_id: int, document_id: int | None = None, key: str | None = None) -> tuple:
    task = next((r for r in fetch_tasks(session, TaskFilter()) if r.id == task_id), None)
    document_id = document_id or task.document_id
    content_hash = resolve_document(session, document_id).content_hash
    key = key or task_key(task_id, content_hash)
    return key, task_id, document_id, content_hash, task.no if task else 1, 0, "未开始", "", "", ""


def _sign_again(database, path: Path) -> None:
    """Sign the workbook's (forged) record with the database's own key, as only its holder could."""
    workbook = openpyxl.load_workbook(path)
    ledger = read_ledger(workbook)
    with database.session() as session:
        workbook[LEDGER_SHEET].cell(1, 4).value = sign(export_secret(session), ledger.message)
    workbook.save(path)


def _refused_without_change(database, path: Path) -> str:
    """import-progress refuses ``path`` as a whole and changes no review; the one-line message."""
    before = _reviews(database)
    with database.session() as session, pytest.raises(DocumentReadError) as caught:
        import_progress(session, path)
    assert _reviews(database) == before
    message = str(caught.value)
    assert path.name in message and "\n" not in message
    return message


def test_forged_export_record_rows_refuse_the_whole_file(store_004, tmp_path):
    path = tmp_path / "keji.xlsx"
    document_id, _exported = _export_unit_of_document(store_004, path)
    with store_004.session() as session:
        other_unit_task = _other_unit_task(session, document_id)
        row = _ledger_row(session, other_unit_task)
    _forge_ledger(path, [row])
    _edit_rows(path, [{HEADER_ID: row[0], HEADER_STATUS: "已完成", HEADER_PROGRESS: "伪造"},
                      {HEADER_STATUS: "推进中", HEADER_PROGRESS: "本单位的真实进展"}])
    assert _refused_without_change(store_004, path).endswith(REASON_NOT_SIGNED)


def test_forged_export_record_rows_signed_validly_are_still_rejected_with_their_reason(store_004, tmp_path):
    path = tmp_path / "keji.xlsx"
    document_id, _exported = _export_unit_of_document(store_004, path)
    other_document_task = _other_document(store_004)
    with store_004.session() as session:
        other_unit_task = _other_unit_task(session, document_id)
        exported_hash = resolve_document(session, document_id).content_hash
        forged = {
            REASON_OUT_OF_SCOPE: _ledger_row(session, other_unit_task),
            # The other document's task, claimed to be in the exported document.
            REASON_OTHER_DOCUMENT: _ledger_row(session, other_document_task, document_id=document_id,
                                               key=task_key(other_document_task, exported_hash)),
            REASON_GONE: (task_key(999_999, exported_hash), 999_999, document_id, exported_hash, 1, 0,
                          "未开始", "", "", ""),
        }
        honest_other_document = _ledger_row(session, other_document_task)
    _forge_ledger(path, [*forged.values(), honest_other_document])
    _sign_again(store_004, path)  # defence in depth: the database is asked even about a signed record
    keys = [row[0] for row in forged.values()] + [honest_other_document[0]]
    _edit_rows(path, [{HEADER_ID: key, HEADER_STATUS: "已完成", HEADER_PROGRESS: "伪造"} for key in keys])
    before = _reviews(store_004)
    with store_004.session() as session:
        report = import_progress(session, path)
    expected = [*forged, REASON_OUT_OF_SCOPE]  # the other document is outside the export's document
    assert sorted(r.reason for r in report.rejected) == sorted(expected)
    assert {r.key for r in report.rejected} == set(keys)
    assert not report.changes and _reviews(store_004) == before


def test_rewritten_export_scope_cannot_reach_another_units_task(store_004, tmp_path):
    path = tmp_path / "keji.xlsx"
    document_id, _exported = _export_unit_of_document(store_004, path)
    with store_004.session() as session:
        other_unit_task = _other_unit_task(session, document_id)
        row = _ledger_row(session, other_unit_task)
    _forge_ledger(path, [row], scope=ExportScope())  # "everything" instead of UNIT in one document
    _edit_rows(path, [{HEADER_ID: row[0], HEADER_STATUS: "已完成", HEADER_PROGRESS: "伪造"}])
    assert _refused_without_change(store_004, path).endswith(REASON_NOT_SIGNED)


@pytest.mark.parametrize("edit", ["scope only", "one exported value", "signature", "signature removed",
                                  "unsigned format 1"])
def test_any_change_to_the_export_record_refuses_the_file(store_004, tmp_path, edit):
    path = tmp_path / "keji.xlsx"
    document_id, exported = _export_unit_of_document(store_004, path)
    workbook = openpyxl.load_workbook(path)
    ledger = workbook[LEDGER_SHEET]
    if edit == "scope only":
        ledger.cell(2, 2).value = ExportScope(document_id).to_json()  # the unit condition dropped
    elif edit == "one exported value":
        ledger.cell(4, 8).value = "导出时的进展被改写"
    elif edit == "signature":
        ledger.cell(1, 4).value = "0" * 64
    elif edit == "signature removed":
        ledger.cell(1, 4).value = None
    else:
        ledger.cell(1, 2).value, ledger.cell(1, 4).value = 1, None
    workbook.save(path)
    _edit_rows(path, [{HEADER_STATUS: "已完成", HEADER_PROGRESS: "本单位的真实进展"}])
    message = _refused_without_change(store_004, path)
    assert message.endswith(REASON_UNSIGNED if edit == "unsigned format 1" else REASON_NOT_SIGNED)

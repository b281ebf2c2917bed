"""Task workbooks for meetings: the responsibility table as the notice prints it.

``export_tasks`` writes what a TaskFilter selects (the GUI passes the filter of its table),
optionally as a summary sheet plus one sheet per lead unit; ``export_tasks_split`` writes one
file per lead unit. Every workbook carries the hidden round-trip record (see ``ledger``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from gzviewer.errors import GzviewerError
from gzviewer.export.files import ExportResult, OutputExistsError, check_target, new_workbook, save_workbook
from gzviewer.export.ledger import (
    HEADER_COOP,
    HEADER_ID,
    HEADER_LEAD,
    HEADER_LEADER,
    HEADER_NO,
    HEADER_NOTE,
    HEADER_PROGRESS,
    HEADER_STATUS,
    HEADER_TEXT,
    LEDGER_SHEET,
    ExportScope,
    LedgerEntry,
    UnitScope,
    task_key,
    write_ledger,
)
from gzviewer.export.names import MAX_FILE_STEM, MAX_SHEET_NAME, UniqueNames, file_stem, sheet_name
from gzviewer.export.signing import signing_key
from gzviewer.export.styles import Column
from gzviewer.export.table_sheet import FIRST_DATA_ROW, GROUP_CATEGORY, GROUP_SECTION, TableSheet
from gzviewer.export.titles import (
    SUMMARY_WORD,
    compose,
    lead_unit_part,
    task_base_title,
    task_filter_parts,
)
from gzviewer.store.models import Document
from gzviewer.store.queries import (
    DONE_STATUS,
    ROLE_LEAD,
    STATUSES,
    TaskFilter,
    TaskRow,
    fetch_tasks,
    resolve_document,
)
from gzviewer.vocabulary import UNIT_SEPARATOR

ROUND_PART = "{round}进展填报"  # stamped in the titles of a round's sheets
TASK_COLUMNS = (
    Column(HEADER_NO, 6, centered=True),
    Column(HEADER_TEXT, 46),
    Column(HEADER_LEADER, 9, centered=True),
    Column(HEADER_LEAD, 16),
    Column(HEADER_COOP, 26),
    Column(HEADER_STATUS, 8, centered=True),
    Column(HEADER_PROGRESS, 28),
    Column(HEADER_NOTE, 12),
    Column(HEADER_ID, 22, hidden=True),
)
STATUS_COLUMN = get_column_letter(next(i for i, c in enumerate(TASK_COLUMNS, 1) if c.header == HEADER_STATUS))

SUMMARY_SHEET = "汇总"
DEFAULT_SHEET = "责任分工"
NO_LEAD_GROUP = "未明确牵头单位"
SUMMARY_COLUMNS = (
    Column(HEADER_NO, 6, centered=True),
    Column(HEADER_LEAD, 24),
    Column("任务数", 8, centered=True),
    *(Column(status, 8, centered=True) for status in STATUSES),
    Column("完成率", 9, centered=True),
)
SUMMARY_TOTAL = "合计（同一任务只计一次）"
STATUS_ERROR_TITLE = "状态无效"
STATUS_ERROR = f"请从下拉列表中选择：{'、'.join(STATUSES)}"
STATUS_PROMPT_TITLE = "填写状态"
STATUS_PROMPT = "请从下拉列表中选择"
REASON_NOTHING = "没有符合条件的任务，未生成文件"


# --- public API ------------------------------------------------------------------------------------

def export_tasks(session: Session, task_filter: TaskFilter, path: str | Path, *, title: str | None = None,
                 per_unit: bool = False, overwrite: bool = False) -> ExportResult:
    """Write the tasks ``task_filter`` selects to ``path``; raises GzviewerError when there are none
    (and OutputExistsError when ``path`` exists, unless ``overwrite``)."""
    check_target(path, overwrite)
    rows = _fetch(session, task_filter)
    documents = _documents(session, rows)
    parts = task_filter_parts(task_filter)
    base = title or task_base_title([d.title for d in documents.values()])
    workbook = new_workbook()
    if per_unit:
        unit_parts = task_filter_parts(replace(task_filter, unit=None))
        sheets = _write_per_unit(workbook, rows, documents, base, parts, unit_parts)
    else:
        name = _task_sheet_name(task_filter.unit or DEFAULT_SHEET)
        sheets = [_write_task_sheet(workbook, name, title or compose(base, parts), rows, documents)]
    write_ledger(workbook, _scope(task_filter), _ledger_entries(rows, documents), signing_key(session))
    return ExportResult(save_workbook(workbook, path, overwrite), len(rows), sheets)


def export_tasks_split(session: Session, task_filter: TaskFilter, directory: str | Path, *,
                       title: str | None = None, overwrite: bool = False,
                       round_name: str | None = None) -> list[ExportResult]:
    """One workbook per lead unit in ``directory`` (created if missing), named after the unit;
    with ``round_name`` each title is stamped with the reporting round (「2021年第一季度进展填报」).

    When any of those files exists already (a unit's returned sheet, an earlier export) nothing
    is written and OutputExistsError names them, unless ``overwrite``.
    """
    rows = _fetch(session, task_filter)
    documents = _documents(session, rows)
    base = title or task_base_title([d.title for d in documents.values()])
    parts = task_filter_parts(replace(task_filter, unit=None))
    if round_name:
        parts = [ROUND_PART.format(round=round_name), *parts]
    directory = Path(directory)
    _make_directory(directory)
    file_names = UniqueNames()
    groups = _lead_groups(rows)
    paths = {unit: directory / f"{file_names.claim(file_stem(unit), MAX_FILE_STEM)}.xlsx" for unit in groups}
    existing = [path for path in paths.values() if path.exists() or path.is_symlink()]
    if existing and not overwrite:
        raise OutputExistsError(existing)
    secret = signing_key(session)
    exports = []
    for unit, unit_rows in groups.items():
        workbook = new_workbook()
        sheet = _write_task_sheet(workbook, _task_sheet_name(unit),
                                  compose(base, [*parts, lead_unit_part(unit)]), unit_rows, documents)
        scope = _scope(task_filter)
        if unit != NO_LEAD_GROUP:
            scope.units.append(UnitScope(unit, ROLE_LEAD))
        write_ledger(workbook, scope, _ledger_entries(unit_rows, documents), secret)
        exports.append(ExportResult(save_workbook(workbook, paths[unit], overwrite), len(unit_rows), [sheet]))
    return exports


# --- data ------------------------------------------------------------------------------------------

def _fetch(session: Session, task_filter: TaskFilter) -> list[TaskRow]:
    rows = fetch_tasks(session, task_filter)
    if not rows:
        raise GzviewerError(REASON_NOTHING)
    return rows


def _documents(session: Session, rows: list[TaskRow]) -> dict[int, Document]:
    ids = dict.fromkeys(r.document_id for r in rows)
    return {document_id: resolve_document(session, document_id) for document_id in ids}


def _scope(task_filter: TaskFilter) -> ExportScope:
    units = [UnitScope(task_filter.unit, task_filter.role)] if task_filter.unit else []
    return ExportScope(task_filter.document_id, units)


def _shown_note(row: TaskRow) -> str:
    """The 备注 cell: the reviewer's note, or else the remark the notice itself gives."""
    return row.note or row.remark or ""


def _ledger_entries(rows: list[TaskRow], documents: dict[int, Document]) -> list[LedgerEntry]:
    unique = {r.id: r for r in rows}.values()
    return [LedgerEntry(task_key(r.id, documents[r.document_id].content_hash), r.id, r.document_id,
                        documents[r.document_id].content_hash, r.no, r.revision, r.status, r.progress, r.note,
                        _shown_note(r)) for r in unique]


def _lead_groups(rows: list[TaskRow]) -> dict[str, list[TaskRow]]:
    """Tasks by lead unit: most tasks first, ties in order of first appearance."""
    groups: dict[str, list[TaskRow]] = {}
    for row in rows:
        for unit in [u for u in row.lead_units.split(UNIT_SEPARATOR) if u] or [NO_LEAD_GROUP]:
            groups.setdefault(unit, []).append(row)
    order = sorted(groups, key=lambda unit: -len(groups[unit]))
    return {unit: groups[unit] for unit in order}


def _make_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GzviewerError(f"无法创建目录“{directory}”：{exc.strerror or exc}") from exc


# --- sheets ----------------------------------------------------------------------------------------

def _task_values(row: TaskRow, document: Document) -> list:
    values = [row.no, row.text, row.leader, row.lead_units, row.coop_units, row.status, row.progress,
              _shown_note(row), task_key(row.id, document.content_hash)]
    return [value if value != "" else None for value in values]


def _task_sheet_name(unit: str) -> str:
    """The sheet name for one unit's tasks: never the export record's (a unit may be called 导出记录)."""
    return UniqueNames({LEDGER_SHEET}).claim(sheet_name(unit), MAX_SHEET_NAME)


def _write_task_sheet(workbook, name: str, title: str, rows: list[TaskRow], documents: dict[int, Document]) -> str:
    """The responsibility table with the notice's section and category rows between the tasks."""
    sheet = TableSheet(workbook, name, title, TASK_COLUMNS)
    several_documents = len({r.document_id for r in rows}) > 1
    document_id = section = category = None
    for row in rows:
        if several_documents and row.document_id != document_id:
            sheet.add_group(documents[row.document_id].title, GROUP_SECTION)
            section = category = None
        document_id = row.document_id
        if row.section and row.section != section:
            sheet.add_group(row.section, GROUP_SECTION)
            category = None
        section = row.section
        if row.category and row.category != category:
            sheet.add_group(row.category, GROUP_CATEGORY)
        category = row.category
        sheet.add_row(_task_values(row, documents[row.document_id]))
    sheet.finish()
    _add_status_choices(sheet)
    return sheet.sheet.title


def _add_status_choices(sheet: TableSheet) -> None:
    """A drop-down of the review statuses in the 状态 column, so units type no stray values."""
    if sheet.last_row < FIRST_DATA_ROW:
        return
    validation = DataValidation(type="list", formula1=f'"{",".join(STATUSES)}"', allow_blank=True,
                                showErrorMessage=True, errorTitle=STATUS_ERROR_TITLE, error=STATUS_ERROR,
                                showInputMessage=True, promptTitle=STATUS_PROMPT_TITLE, prompt=STATUS_PROMPT)
    validation.add(f"{STATUS_COLUMN}{FIRST_DATA_ROW}:{STATUS_COLUMN}{sheet.last_row}")
    sheet.sheet.data_validations.append(validation)


def _write_per_unit(workbook, rows: list[TaskRow], documents: dict[int, Document], base: str,
                    parts: list[str], unit_parts: list[str]) -> list[str]:
    groups = _lead_groups(rows)
    names = UniqueNames({LEDGER_SHEET})
    summary = TableSheet(workbook, names.claim(SUMMARY_SHEET, MAX_SHEET_NAME), compose(base, [*parts, SUMMARY_WORD]),
                         SUMMARY_COLUMNS)
    for index, (unit, unit_rows) in enumerate(groups.items(), start=1):
        summary.add_row(_summary_values(index, unit, unit_rows))
    summary.finish()  # before the total row, so that sorting by a column leaves the total last
    summary.add_row(_summary_values(None, SUMMARY_TOTAL, rows))
    sheets = [summary.sheet.title]
    for unit, unit_rows in groups.items():
        name = names.claim(sheet_name(unit), MAX_SHEET_NAME)
        sheets.append(_write_task_sheet(workbook, name, compose(base, [*unit_parts, lead_unit_part(unit)]),
                                        unit_rows, documents))
    return sheets


def _summary_values(index: int | None, unit: str, rows: list[TaskRow]) -> list:
    counts = Counter(r.status for r in rows)
    rate = counts.get(DONE_STATUS, 0) / len(rows) if rows else 0.0
    return [index, unit, len(rows), *(counts.get(status, 0) for status in STATUSES), f"{rate:.0%}"]

"""Importing the 状态 / 进展情况 / 备注 that units filled into an exported task workbook.

A row is accepted only when its hidden identifier is in the workbook's export record, the
task still exists in the same document and still falls in the export's scope (unit, role,
document). For each review field the sheet is compared three ways: with what the export
showed (did the unit change it?), with the database now (is there anything to do?) and with
the database at export time (did someone else change it meanwhile?). A field both sides
changed differently is a conflict: reported, never applied. Nothing is dropped silently.

Before any of that, the export record must carry this database's signature (``signing``): a
record rewritten to widen its scope or list, or one exported from another database, refuses the
whole file with one line and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from gzviewer.errors import DocumentReadError
from gzviewer.export.ledger import EDITABLE_FIELDS, ExportScope, LedgerEntry
from gzviewer.export.progress_sheet import SheetRow, cell_text, read_filled_workbook
from gzviewer.export.signing import export_secret
from gzviewer.store.queries import (
    STATUSES,
    TaskFilter,
    TaskRow,
    fetch_task_ids,
    fetch_tasks_by_ids,
    resolve_document,
    save_review,
)

FIELD_LABELS = dict(EDITABLE_FIELDS)
REASON_NOT_SIGNED = "导出记录已被改动或不是由本数据库导出，无法读回进展"
REASON_NO_KEY = "缺少任务标识（可能是新增的行），无法对应到任务"
REASON_NOT_EXPORTED = "任务标识不在本次导出的任务清单中"
REASON_GONE = "任务已不存在（文件可能已删除）"
REASON_OTHER_DOCUMENT = "任务不属于导出时的文件"
REASON_OUT_OF_SCOPE = "任务已不在导出范围内（牵头或配合单位、所属文件已变化）"
REASON_RENUMBERED = "文件已更新且任务序号已变化，请重新导出后再填写"
REASON_EMPTY_STATUS = f"状态为空，可选：{'、'.join(STATUSES)}"
REASON_BAD_STATUS = "状态“{value}”无效，可选：" + "、".join(STATUSES)
REASON_INCONSISTENT = "同一任务在表中出现多次，“{label}”填写不一致（另见{places}）"
PLACE = "{sheet}第{row}行"


@dataclass
class FieldChange:
    """A review field that the import sets (or would set, in a dry run)."""

    task_id: int
    no: int
    sheet: str
    row: int
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class FieldConflict:
    """The unit and the database both changed a field since the export, differently."""

    task_id: int
    no: int
    sheet: str
    row: int
    field: str
    exported: str
    database: str
    sheet_value: str

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class RejectedRow:
    sheet: str
    row: int
    key: str
    no: str
    reason: str


@dataclass
class ProgressImportReport:
    path: Path
    dry_run: bool
    rows_read: int = 0
    unchanged: int = 0  # matched tasks with nothing to do
    applied: bool = False
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def tasks_changed(self) -> int:
        return len({c.task_id for c in self.changes})

    @property
    def has_problems(self) -> bool:
        return bool(self.conflicts or self.rejected)

    def to_json(self) -> dict:
        return {"file": str(self.path), "dry_run": self.dry_run, "applied": self.applied,
                "rows_read": self.rows_read, "tasks_changed": self.tasks_changed, "unchanged": self.unchanged,
                "changes": [asdict(c) | {"label": c.label} for c in self.changes],
                "conflicts": [asdict(c) | {"label": c.label} for c in self.conflicts],
                "rejected": [asdict(r) for r in self.rejected]}


def import_progress(session: Session, path: str | Path, dry_run: bool = False) -> ProgressImportReport:
    """Read the filled workbook at ``path`` and apply its review changes (unless ``dry_run``)."""
    workbook = read_filled_workbook(path)
    if not workbook.ledger.signed_with(export_secret(session)):
        raise DocumentReadError(path, REASON_NOT_SIGNED)
    report = ProgressImportReport(Path(path), dry_run, rows_read=len(workbook.rows))
    by_key: dict[str, list[SheetRow]] = defaultdict(list)
    for row in workbook.rows:
        if not row.key:
            report.rejected.append(_rejected(row, REASON_NO_KEY))
        elif row.key not in workbook.ledger.entries:
            report.rejected.append(_rejected(row, REASON_NOT_EXPORTED))
        else:
            by_key[row.key].append(row)
    entries = [workbook.ledger.entries[key] for key in by_key]
    tasks = {t.id: t for t in fetch_tasks_by_ids(session, [e.task_id for e in entries])}
    in_scope = _ids_in_scope(session, workbook.ledger.scope, list(tasks))
    hashes = {t.document_id: "" for t in tasks.values()}
    for document_id in hashes:
        hashes[document_id] = resolve_document(session, document_id).content_hash
    for entry in entries:
        rows = by_key[entry.key]
        reason = _task_problem(entry, tasks.get(entry.task_id), in_scope, hashes)
        if reason:
            report.rejected.extend(_rejected(row, reason) for row in rows)
            continue
        before = _tally(report)
        _compare(entry, tasks[entry.task_id], _sheet_edits(entry, rows, report), report)
        if _tally(report) == before:
            report.unchanged += 1
    if not dry_run and report.changes:
        _apply(session, report.changes)
        report.applied = True
    return report


def _tally(report: ProgressImportReport) -> int:
    return len(report.changes) + len(report.conflicts) + len(report.rejected)


def _rejected(row: SheetRow, reason: str) -> RejectedRow:
    return RejectedRow(row.sheet, row.row, row.key, row.no, reason)


def _ids_in_scope(session: Session, scope: ExportScope, task_ids: list[int]) -> set[int]:
    """The ids (of ``task_ids``) that still satisfy every condition the export was made under."""
    allowed = set(task_ids)
    base = TaskFilter(document_id=scope.document_id, task_ids=tuple(task_ids))
    for unit_scope in scope.units or [None]:
        task_filter = base.with_unit(unit_scope.unit, unit_scope.role) if unit_scope else base
        allowed &= set(fetch_task_ids(session, task_filter))
    return allowed


def _task_problem(entry: LedgerEntry, task: TaskRow | None, in_scope: set[int],
                  hashes: dict[int, str]) -> str | None:
    if task is None:
        return REASON_GONE
    if task.document_id != entry.document_id:
        return REASON_OTHER_DOCUMENT
    if task.id not in in_scope:
        return REASON_OUT_OF_SCOPE
    if hashes[task.document_id] != entry.content_hash and task.no != entry.no:
        return REASON_RENUMBERED
    return None


def _sheet_edits(entry: LedgerEntry, rows: list[SheetRow], report: ProgressImportReport) -> dict:
    """Field → (value, row) for every field the unit changed; bad or inconsistent rows are reported."""
    valid = []
    for row in rows:
        status = row.values.get("status")
        if status is not None and status != cell_text(entry.shown("status")) and status not in STATUSES:
            reason = REASON_BAD_STATUS.format(value=status) if status else REASON_EMPTY_STATUS
            report.rejected.append(_rejected(row, reason))
        else:
            valid.append(row)
    edits: dict[str, tuple[str, SheetRow]] = {}
    for name in EDITABLE_FIELDS:
        changed = [(row.values[name], row) for row in valid
                   if name in row.values and row.values[name] != cell_text(entry.shown(name))]
        if len({value for value, _ in changed}) > 1:
            places = "、".join(PLACE.format(sheet=r.sheet, row=r.row) for _, r in changed[1:])
            reason = REASON_INCONSISTENT.format(label=FIELD_LABELS[name], places=places)
            report.rejected.append(_rejected(changed[0][1], reason))
        elif changed:
            edits[name] = changed[0]
    return edits


def _compare(entry: LedgerEntry, task: TaskRow, edits: dict, report: ProgressImportReport) -> None:
    for name, (value, row) in edits.items():
        current = cell_text(getattr(task, name))
        if value == current:
            continue
        database_moved = task.revision != entry.revision and current != cell_text(getattr(entry, name))
        if database_moved:
            report.conflicts.append(FieldConflict(task.id, task.no, row.sheet, row.row, name,
                                                  cell_text(getattr(entry, name)), current, value))
        else:
            report.changes.append(FieldChange(task.id, task.no, row.sheet, row.row, name, current, value))


def _apply(session: Session, changes: list[FieldChange]) -> None:
    by_task: dict[int, dict[str, str]] = defaultdict(dict)
    for change in changes:
        by_task[change.task_id][change.field] = change.new
    for task_id, fields in by_task.items():
        save_review(session, task_id, **fields)

"""Importing the 状态 / 进展情况 / 备注 that units filled into an exported task workbook.

A row is accepted only when its hidden identifier is in the workbook's export record, the
task still exists in the same document and still falls in the export's scope (unit, role,
document). A sheet whose hidden 任务标识 column was deleted is matched by 序号, and only
where the row's task text is the exported task's. For each review field the sheet is compared
with what the export showed (did the unit change it?) and with the database now (is there
anything to do?); whether someone else changed the review meanwhile is decided by its
revision, recorded in the sheet at export time. A change the unit made over a review that moved
since the export is a conflict: reported, and applied only when the caller says so
(``overwrite_conflicts``), and then only if the review has not moved again since it was read.
Nothing is dropped silently: unreadable rows and sheets, and exported tasks the sheet no
longer accounts for, are listed.

Before any of that, the export record must carry this database's signature (``signing``): a
record rewritten to widen its scope or list, or one exported from another database, refuses the
whole file with one line and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from gzviewer.errors import DocumentReadError, GzviewerError
from gzviewer.export.ledger import EDITABLE_FIELDS, ExportScope, LedgerEntry, UnitScope
from gzviewer.export.progress_sheet import SheetRow, SkippedSheet, cell_text, read_filled_workbook
from gzviewer.export.signing import export_secret
from gzviewer.store.history import SOURCE_SHEET, ChangeSource
from gzviewer.store.queries import (
    STATUSES,
    ReviewChangedError,
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
REASON_NO_KEY_COLUMN = "表中没有任务标识列，按序号“{no}”找不到唯一对应的导出任务"
REASON_TEXT_DIFFERS = "表中没有任务标识列，序号“{no}”的任务内容与导出时不同，无法确认是同一项任务"
REASON_MISSING = "导出的任务在返回的表中找不到（行被删除、序号或任务标识被改动，或无法读取）"
REASON_CHANGED_DURING_IMPORT = "“{file}”未导入：读取后{detail}"
PLACE = "{sheet}第{row}行"
MAX_ROW_RANGES = 5  # row ranges listed per group of identical rejections


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
    exported_revision: int = 0
    database_revision: int = 0
    applied: bool = False  # applied on the caller's word (``overwrite_conflicts``)

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class MissingTask:
    """An exported task that no row of the returned sheet accounts for."""

    task_id: int
    no: int
    text: str
    reason: str = REASON_MISSING


@dataclass
class RejectedRow:
    sheet: str
    row: int
    key: str
    no: str
    reason: str


@dataclass
class RejectionGroup:
    """Rejected rows of one sheet with the same reason (a status filled down a column gives
    thousands), reported once with their rows and count."""

    sheet: str
    rows: list[int]
    nos: list[str]
    reason: str

    @property
    def count(self) -> int:
        return len(self.rows)

    def row_ranges(self, limit: int = MAX_ROW_RANGES) -> str:
        """「5–200000」, 「3、7–9」; past ``limit`` ranges the rest is summed up as 「等」."""
        ranges: list[list[int]] = []
        for row in sorted(set(self.rows)):
            if ranges and row == ranges[-1][1] + 1:
                ranges[-1][1] = row
            else:
                ranges.append([row, row])
        shown = [str(a) if a == b else f"{a}–{b}" for a, b in ranges[:limit]]
        return "、".join(shown) + ("等" if len(ranges) > limit else "")

    @property
    def no(self) -> str:
        """The 序号 when every row has the same one, else ""."""
        return self.nos[0] if len(set(self.nos)) == 1 else ""


def group_rejections(rejected: list[RejectedRow]) -> list[RejectionGroup]:
    """Rejected rows grouped by sheet and reason, in the order each group first appears."""
    groups: dict[tuple[str, str], RejectionGroup] = {}
    for row in rejected:
        group = groups.setdefault((row.sheet, row.reason), RejectionGroup(row.sheet, [], [], row.reason))
        group.rows.append(row.row)
        group.nos.append(row.no)
    return list(groups.values())


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
    missing: list[MissingTask] = field(default_factory=list)
    skipped_sheets: list[SkippedSheet] = field(default_factory=list)
    task_ids: list[int] = field(default_factory=list)  # the tasks the sheet reported on (matched, in scope)
    units: list[str] = field(default_factory=list)  # the units the sheet was exported for

    @property
    def tasks_changed(self) -> int:
        return len({c.task_id for c in self.changes} | {c.task_id for c in self.conflicts if c.applied})

    @property
    def has_problems(self) -> bool:
        return bool(self.conflicts or self.rejected or self.missing
                    or any(not s.expected for s in self.skipped_sheets))

    def to_json(self) -> dict:
        return {"file": str(self.path), "dry_run": self.dry_run, "applied": self.applied,
                "rows_read": self.rows_read, "tasks_changed": self.tasks_changed, "unchanged": self.unchanged,
                "changes": [asdict(c) | {"label": c.label} for c in self.changes],
                "conflicts": [asdict(c) | {"label": c.label} for c in self.conflicts],
                "rejected": [asdict(r) for r in self.rejected],
                "missing": [asdict(m) for m in self.missing],
                "skipped_sheets": [asdict(s) for s in self.skipped_sheets]}


def import_progress(session: Session, path: str | Path, dry_run: bool = False,
                    overwrite_conflicts: bool = False, source: ChangeSource | None = None) -> ProgressImportReport:
    """Read the filled workbook at ``path`` and apply its review changes (unless ``dry_run``).

    Conflicts are applied too when ``overwrite_conflicts`` (the user was asked, or gave
    ``--force``), each only if its review is still at the revision read here. Every change is
    recorded in the task's history as coming from this file (``source``: its round, user)."""
    workbook = read_filled_workbook(path)
    if not workbook.ledger.signed_with(export_secret(session)):
        raise DocumentReadError(path, REASON_NOT_SIGNED)
    report = ProgressImportReport(Path(path), dry_run, rows_read=len(workbook.rows),
                                  skipped_sheets=workbook.skipped,
                                  units=[u.unit for u in workbook.ledger.scope.units])
    ledger_tasks = {t.id: t for t in fetch_tasks_by_ids(session, [e.task_id for e in workbook.ledger.entries.values()])}
    by_number = _entries_by_number(workbook.ledger.entries.values())
    by_key: dict[str, list[SheetRow]] = defaultdict(list)
    accounted: set[str] = set()
    for row in workbook.rows:
        key, reason = _row_key(row, workbook.ledger.entries, by_number, ledger_tasks)
        if key:
            accounted.add(key)
        if reason:
            report.rejected.append(_rejected(row, reason))
        elif row.problem:
            report.rejected.append(_rejected(row, row.problem))
        else:
            by_key[key].append(row)
    report.missing = [_missing(entry, ledger_tasks.get(entry.task_id))
                      for key, entry in workbook.ledger.entries.items() if key not in accounted]
    entries = [workbook.ledger.entries[key] for key in by_key]
    tasks = {e.task_id: ledger_tasks[e.task_id] for e in entries if e.task_id in ledger_tasks}
    in_scope = _ids_in_scope(session, workbook.ledger.scope, list(tasks))
    hashes: dict[int, str] = {t.document_id: "" for t in tasks.values()}
    for document_id in hashes:
        hashes[document_id] = resolve_document(session, document_id).content_hash or ""
    for entry in entries:
        rows = by_key[entry.key]
        task_problem = _task_problem(entry, tasks.get(entry.task_id), in_scope, hashes)
        if task_problem:
            report.rejected.extend(_rejected(row, task_problem) for row in rows)
            continue
        report.task_ids.append(entry.task_id)
        before = _tally(report)
        _compare(entry, tasks[entry.task_id], _sheet_edits(entry, rows, report), report)
        if _tally(report) == before:
            report.unchanged += 1
    if overwrite_conflicts:
        for conflict in report.conflicts:
            conflict.applied = True
    if not dry_run and (report.changes or any(c.applied for c in report.conflicts)):
        _apply(session, report, tasks, source or ChangeSource(SOURCE_SHEET, file_name=Path(path).name))
        report.applied = True
    return report


def _entries_by_number(entries) -> dict[str, list[LedgerEntry]]:
    numbers: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        numbers[str(entry.no)].append(entry)
    return numbers


def _same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _row_key(row: SheetRow, entries: dict[str, LedgerEntry], by_number: dict[str, list[LedgerEntry]],
             tasks: dict[int, TaskRow]) -> tuple[str, str]:
    """The export record key of ``row`` and, when it cannot be used, why."""
    if row.keyed:
        if not row.key:
            return "", row.problem or REASON_NO_KEY
        return (row.key, "") if row.key in entries else ("", REASON_NOT_EXPORTED)
    # The unit deleted the hidden column: the 序号 must name one exported task, whose text the row shows.
    candidates = by_number.get(row.no, [])
    if len(candidates) != 1:
        return "", REASON_NO_KEY_COLUMN.format(no=row.no)
    entry = candidates[0]
    task = tasks.get(entry.task_id)
    if task is None or not row.text or not _same_text(row.text, task.text):
        return "", REASON_TEXT_DIFFERS.format(no=row.no)
    row.key = entry.key
    return entry.key, ""


def _missing(entry: LedgerEntry, task: TaskRow | None) -> MissingTask:
    return MissingTask(entry.task_id, entry.no, task.text if task else "")


def _tally(report: ProgressImportReport) -> int:
    return len(report.changes) + len(report.conflicts) + len(report.rejected)


def _rejected(row: SheetRow, reason: str) -> RejectedRow:
    return RejectedRow(row.sheet, row.row, row.key, row.no, reason)


def _ids_in_scope(session: Session, scope: ExportScope, task_ids: list[int]) -> set[int]:
    """The ids (of ``task_ids``) that still satisfy every condition the export was made under."""
    allowed = set(task_ids)
    base = TaskFilter(document_id=scope.document_id, task_ids=tuple(task_ids))
    unit_scopes: list[UnitScope | None] = [*scope.units] or [None]
    for unit_scope in unit_scopes:
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
    """A field the unit changed is applied when the review is still at the revision the sheet was
    exported at; otherwise (someone changed the review since, perhaps this very field, perhaps
    back to what the sheet showed: only the revision can tell) it is a conflict."""
    for name, (value, row) in edits.items():
        current = cell_text(getattr(task, name))
        if value == current:
            continue
        if task.revision != entry.revision:
            report.conflicts.append(FieldConflict(task.id, task.no, row.sheet, row.row, name,
                                                  cell_text(getattr(entry, name)), current, value,
                                                  entry.revision, task.revision))
        else:
            report.changes.append(FieldChange(task.id, task.no, row.sheet, row.row, name, current, value))


def _apply(session: Session, report: ProgressImportReport, tasks: dict[int, TaskRow],
           source: ChangeSource) -> None:
    """Write the changes (and conflicts the caller accepted), each task's fields in one update that
    happens only if its review is still at the revision compared above; if one moved meanwhile,
    nothing of the file is written (the caller's session rolls back) and the user is told."""
    by_task: dict[int, dict[str, str]] = defaultdict(dict)
    for change in report.changes:
        by_task[change.task_id][change.field] = change.new
    for conflict in report.conflicts:
        if conflict.applied:
            by_task[conflict.task_id][conflict.field] = conflict.sheet_value
    for task_id, fields in by_task.items():
        try:
            save_review(session, task_id, expected_revision=tasks[task_id].revision, source=source, **fields)
        except ReviewChangedError as exc:
            raise GzviewerError(REASON_CHANGED_DURING_IMPORT.format(file=report.path.name, detail=exc)) from exc

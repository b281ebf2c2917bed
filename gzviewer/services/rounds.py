"""Reporting rounds (督办轮次): open a round, send one sheet per lead unit, take the returned
sheets back into it, see who has not returned (round status) and chase them (催办 list).

Written once for the window and the command line. A round covers the tasks of one notice (or
every task when the store holds no single notice); a task is reported in a round when a sheet
returned in it carries the task's row, changed in it when the history has an entry of the round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gzviewer.export import ExportResult, ProgressImportReport, export_tasks_split, import_progress
from gzviewer.store.history import SOURCE_SHEET, ChangeSource
from gzviewer.store.models import Document, ReportingRound
from gzviewer.store.queries import DONE_STATUS, TaskFilter, TaskRow, fetch_tasks, resolve_document
from gzviewer.store.rounds import (
    add_return,
    create_round,
    find_round,
    returned_task_ids,
    round_returns,
    tasks_changed_in_round,
)
from gzviewer.vocabulary import UNIT_SEPARATOR

LAGGING_STATUS = "滞后"
NO_LEAD_UNIT = "（未列牵头单位）"
CHASE_NOT_RETURNED = "未返回填报表"
CHASE_NOT_IN_SHEET = "返回的表中未填报此项"


@dataclass
class RoundInfo:
    id: int
    name: str
    due: str | None
    document_id: int | None
    document_title: str | None
    opened_at: datetime

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "due": self.due, "document_id": self.document_id,
                "document": self.document_title, "opened_at": self.opened_at.isoformat(timespec="seconds")}


@dataclass
class UnitRoundStatus:
    """One lead unit in a round: did its sheet come back, and what did it report."""

    unit: str
    tasks: int
    returns: int = 0
    files: list[str] = field(default_factory=list)
    reported: int = 0  # its tasks carried by a sheet returned in the round
    changed: int = 0  # … of which the sheet changed something
    late: int = 0  # not done, past the due date in force or marked 滞后
    not_reported: list[TaskRow] = field(default_factory=list)

    @property
    def returned(self) -> bool:
        return self.returns > 0

    @property
    def unchanged(self) -> int:
        return self.reported - self.changed

    def to_json(self) -> dict:
        return {"unit": self.unit, "tasks": self.tasks, "returned": self.returned, "returns": self.returns,
                "files": self.files, "reported": self.reported, "changed": self.changed,
                "unchanged": self.unchanged, "late": self.late,
                "not_reported": [{"id": t.id, "no": t.no} for t in self.not_reported]}


@dataclass
class RoundStatus:
    round: RoundInfo
    reference: date  # lateness is judged at this date (the round's return date, else today)
    units: list[UnitRoundStatus]

    @property
    def missing_units(self) -> list[str]:
        return [u.unit for u in self.units if not u.returned]

    def to_json(self) -> dict:
        return {"round": self.round.to_json(), "reference_date": self.reference.isoformat(),
                "units": [u.to_json() for u in self.units], "not_returned": self.missing_units}


@dataclass
class ChaseRow:
    """A line of the 催办 list: a unit and one task it has not reported (contact left blank)."""

    unit: str
    no: int
    text: str
    due: str | None
    reason: str


def round_info(session: Session, reporting_round: ReportingRound) -> RoundInfo:
    title = (session.scalar(select(Document.title).where(Document.id == reporting_round.document_id))
             if reporting_round.document_id else None)
    return RoundInfo(reporting_round.id, reporting_round.name, reporting_round.due, reporting_round.document_id,
                     title, reporting_round.opened_at or datetime.now())


def _default_document(session: Session) -> int | None:
    """The one task notice in the store, if there is exactly one."""
    ids = list(session.scalars(select(Document.id).where(Document.kind == "task_assignment")))
    return ids[0] if len(ids) == 1 else None


def open_round(session: Session, name: str, due: str | None, document: str | None = None) -> RoundInfo:
    """Open a round (「2021年第一季度」) with the date the sheets are due back."""
    document_id = resolve_document(session, document).id if document else _default_document(session)
    return round_info(session, create_round(session, name, due, document_id))


def round_scope(reporting_round: ReportingRound, task_filter: TaskFilter | None = None) -> TaskFilter:
    task_filter = task_filter or TaskFilter()
    if task_filter.document_id is None and reporting_round.document_id is not None:
        from dataclasses import replace

        task_filter = replace(task_filter, document_id=reporting_round.document_id)
    return task_filter


def export_round_sheets(session: Session, name: str, directory: str | Path, task_filter: TaskFilter | None = None,
                        *, title: str | None = None, overwrite: bool = False) -> list[ExportResult]:
    """One sheet per lead unit for the round, its name stamped in each title."""
    reporting_round = find_round(session, name)
    return export_tasks_split(session, round_scope(reporting_round, task_filter), directory, title=title,
                              overwrite=overwrite, round_name=reporting_round.name)


def import_returned_sheet(session: Session, path: str | Path, round_name: str | None = None, *,
                          dry_run: bool = False, overwrite_conflicts: bool = False,
                          user: str | None = None) -> ProgressImportReport:
    """Read a unit's returned sheet (into ``round_name`` when given): the review changes go in with
    their history (source 回收表, the file name, the round); the return is recorded in the round."""
    reporting_round = find_round(session, round_name) if round_name else None
    source = ChangeSource(SOURCE_SHEET, file_name=Path(path).name,
                          round_id=reporting_round.id if reporting_round else None, user=user)
    report = import_progress(session, path, dry_run=dry_run, overwrite_conflicts=overwrite_conflicts, source=source)
    if reporting_round is not None and not dry_run:
        changed = report.tasks_changed if report.applied else 0
        for unit in report.units or [NO_LEAD_UNIT]:
            add_return(session, reporting_round.id, unit, Path(path).name, report.task_ids, changed)
    return report


def _lead_units(row: TaskRow) -> list[str]:
    return [u for u in row.lead_units.split(UNIT_SEPARATOR) if u] or [NO_LEAD_UNIT]


def is_late(row: TaskRow, reference: date) -> bool:
    """Not done, and past the due date in force (an extension's, else the notice's), or 滞后."""
    if row.status == DONE_STATUS:
        return False
    if row.status == LAGGING_STATUS:
        return True
    try:
        return row.due_date is not None and date.fromisoformat(row.due_date[:10]) < reference
    except ValueError:
        return False


def reference_date(reporting_round: ReportingRound, today: date | None = None) -> date:
    return date.fromisoformat(reporting_round.due) if reporting_round.due else (today or date.today())


def round_status(session: Session, name: str, today: date | None = None) -> RoundStatus:
    """Per lead unit: sheets returned or not, tasks reported, unchanged, late."""
    reporting_round = find_round(session, name)
    reference = reference_date(reporting_round, today)
    rows = fetch_tasks(session, round_scope(reporting_round))
    returns = round_returns(session, reporting_round.id)
    changed = tasks_changed_in_round(session, reporting_round.id)
    units: dict[str, UnitRoundStatus] = {}
    by_unit: dict[str, list[TaskRow]] = {}
    for row in rows:
        for unit in _lead_units(row):
            by_unit.setdefault(unit, []).append(row)
    for unit, unit_rows in by_unit.items():
        unit_returns = [r for r in returns if r.unit == unit]
        reported_ids = {i for r in unit_returns for i in returned_task_ids(r)}
        status = UnitRoundStatus(unit, len(unit_rows), len(unit_returns), [r.file_name for r in unit_returns])
        status.reported = sum(1 for r in unit_rows if r.id in reported_ids)
        status.changed = sum(1 for r in unit_rows if r.id in reported_ids and r.id in changed)
        status.late = sum(1 for r in unit_rows if is_late(r, reference))
        status.not_reported = [r for r in unit_rows if r.id not in reported_ids]
        units[unit] = status
    ordered = sorted(units.values(), key=lambda u: (u.returned, -u.tasks, u.unit))
    return RoundStatus(round_info(session, reporting_round), reference, ordered)


def chase_rows(status: RoundStatus) -> list[ChaseRow]:
    """The 催办 list: every task a unit has not reported in the round, units that returned nothing first."""
    rows: list[ChaseRow] = []
    for unit in status.units:
        reason = CHASE_NOT_IN_SHEET if unit.returned else CHASE_NOT_RETURNED
        rows.extend(ChaseRow(unit.unit, t.no, t.text, t.shown_due, reason) for t in unit.not_reported)
    return rows


def list_round_infos(session: Session) -> list[RoundInfo]:
    from gzviewer.store.rounds import list_rounds

    return [round_info(session, r) for r in list_rounds(session)]


def export_chase_list(session: Session, name: str, path: str | Path, *, today: date | None = None,
                      overwrite: bool = False) -> tuple[Path, list[ChaseRow]]:
    """The round's 催办 list as a workbook; returns the file and its rows."""
    from gzviewer.export.chase_workbook import write_chase_workbook

    status = round_status(session, name, today)
    rows = chase_rows(status)
    as_of = (today or date.today()).isoformat()
    return write_chase_workbook(rows, path, round_name=status.round.name, as_of=as_of, overwrite=overwrite), rows

"""The bulletin (情况通报) of a reporting round for the leadership meeting.

``bulletin_figures`` gathers every figure from the store (plain values); ``write_bulletin`` lays
them out as a Word document (``export.bulletin_docx``). The figures are the tasks' state now
(the current values are the latest history entries), the units' returns in the round and the
changes made in it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from gzviewer.services.rounds import (
    LAGGING_STATUS,
    NO_LEAD_UNIT,
    is_late,
    reference_date,
    round_info,
    round_scope,
    round_status,
)
from gzviewer.store.history import FIELD_LABELS, SOURCE_LABELS, HistoryEntry, entries_where
from gzviewer.store.models import TaskHistory
from gzviewer.store.queries import DONE_STATUS, STATUSES, TaskRow, fetch_tasks, fetch_tasks_by_ids
from gzviewer.store.rounds import find_round, list_rounds, next_round, previous_round, round_period_history

NO_LEADER = "（未列分管领导）"
NOT_STARTED = STATUSES[0]
DEFAULT_ISSUER = "督查室"
PROGRESS_FIELDS = ("progress",)


@dataclass
class GroupFigures:
    """One row of a per-leader or per-unit table."""

    name: str
    tasks: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    late: int = 0
    returned: bool | None = None  # per unit: sheet returned in the round

    @property
    def on_time_rate(self) -> float:
        """Share of the tasks not late (done, or within their due date and not 滞后)."""
        return (self.tasks - self.late) / self.tasks if self.tasks else 1.0

    def add(self, row: TaskRow, late: bool) -> None:
        self.tasks += 1
        if row.status == DONE_STATUS:
            self.done += 1
        elif row.status == NOT_STARTED:
            self.not_started += 1
        else:
            self.in_progress += 1
        self.late += late


@dataclass
class LateTask:
    no: int
    text: str
    lead_units: str
    leader: str | None
    due: str | None
    status: str
    progress: str


@dataclass
class ChangeLine:
    no: int
    text: str
    lead_units: str
    field: str
    old: str | None
    new: str | None
    source: str
    reason: str | None


@dataclass
class TrendRow:
    """One round in the trend: returns, reports and the tasks done by the end of the round."""

    name: str
    due: str | None
    units_returned: int
    units_expected: int
    reported: int
    changed: int
    done: int  # tasks whose status was 已完成 when the next round opened (now, for the latest)


@dataclass
class BulletinFigures:
    round_name: str
    round_due: str | None
    document_title: str | None
    issued: date
    reference: date
    total: int
    by_status: dict[str, int]
    late_tasks: list[LateTask]
    leaders: list[GroupFigures]
    units: list[GroupFigures]
    units_expected: int
    units_returned: int
    missing_units: list[str]
    changes: list[ChangeLine] = field(default_factory=list)
    previous_round: str | None = None
    tasks_updated: int = 0  # tasks whose progress was updated in the round
    status_changes: int = 0
    extensions: int = 0
    trend: list[TrendRow] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.by_status.get(DONE_STATUS, 0)

    @property
    def lagging(self) -> int:
        return self.by_status.get(LAGGING_STATUS, 0)

    @property
    def on_time_rate(self) -> float:
        return (self.total - len(self.late_tasks)) / self.total if self.total else 1.0


@dataclass
class BulletinResult:
    path: Path
    figures: BulletinFigures


def _lead_units(row: TaskRow) -> list[str]:
    return [u for u in row.lead_units.split("、") if u] or [NO_LEAD_UNIT]


def _short_source(entry: HistoryEntry) -> str:
    """「回收表：市科技局」 (the file's name without its extension), 「命令行」, 「窗口」."""
    label = SOURCE_LABELS.get(entry.source, entry.source)
    return f"{label}：{Path(entry.file_name).stem}" if entry.file_name else label


def _change_lines(session: Session, entries: list[HistoryEntry]) -> tuple[list[ChangeLine], int, int, int]:
    """The status changes and extensions of the round, one line each; and the counts of tasks
    with updated progress, status changes and extensions."""
    tasks = {t.id: t for t in fetch_tasks_by_ids(session, sorted({e.task_id for e in entries}))}
    lines = []
    progress_tasks, status_tasks, extensions = set(), set(), 0
    for e in entries:
        task = tasks.get(e.task_id)
        if task is None:
            continue
        if e.field in PROGRESS_FIELDS:
            progress_tasks.add(e.task_id)
        if e.field == "status":
            status_tasks.add(e.task_id)
        if e.field == "due_date" and e.old and e.new and e.new > e.old:
            extensions += 1
        if e.field in ("status", "due_date"):
            lines.append(ChangeLine(task.no, task.text, task.lead_units, FIELD_LABELS.get(e.field, e.field), e.old,
                                    e.new, _short_source(e), e.reason))
    return lines, len(progress_tasks), len(status_tasks), extensions


def _done_at_each_end(session: Session, rows: list[TaskRow], ends: list) -> list[int]:
    """How many of ``rows`` were done at each point of ``ends`` (None: now), from the history:
    a task's status at a time is the latest status entry before it; a task without status
    entries has had its current status all along (set before the history was kept)."""
    ids = {row.id for row in rows}
    entries = [e for e in entries_where(session, TaskHistory.field == "status") if e.task_id in ids]
    by_task: dict[int, list[HistoryEntry]] = {}
    for entry in entries:
        by_task.setdefault(entry.task_id, []).append(entry)
    counts = []
    for end in ends:
        done = 0
        for row in rows:
            history = by_task.get(row.id)
            if not history:
                status = row.status
            else:
                before = [e for e in history if end is None or e.at < end]
                status = (before[-1].new if before else history[0].old) or ""
            done += status == DONE_STATUS
        counts.append(done)
    return counts


def round_trend(session: Session, upto, rows: list[TaskRow], today: date) -> list[TrendRow]:
    """Every round up to ``upto`` (a ReportingRound), oldest first."""
    rounds = [r for r in list_rounds(session) if r.id <= upto.id]
    ends = []
    for reporting_round in rounds:
        following = next_round(session, reporting_round)
        ends.append(following.opened_at if following is not None else None)
    done = _done_at_each_end(session, rows, ends)
    trend = []
    for reporting_round, done_count in zip(rounds, done, strict=True):
        status = round_status(session, reporting_round.name, today)
        trend.append(TrendRow(reporting_round.name, reporting_round.due,
                              len(status.units) - len(status.missing_units), len(status.units),
                              sum(u.reported for u in status.units), sum(u.changed for u in status.units),
                              done_count))
    return trend


def bulletin_figures(session: Session, name: str, issued: date | None = None) -> BulletinFigures:
    """Every figure of the round's bulletin, from the store."""
    reporting_round = find_round(session, name)
    info = round_info(session, reporting_round)
    issued = issued or date.today()
    reference = reference_date(reporting_round, issued)
    rows = fetch_tasks(session, round_scope(reporting_round))
    status = round_status(session, name, issued)
    returned = {u.unit: u.returned for u in status.units}
    leaders: dict[str, GroupFigures] = {}
    units: dict[str, GroupFigures] = {}
    late_tasks = []
    for row in rows:
        late = is_late(row, reference)
        leader = row.leader or NO_LEADER
        leaders.setdefault(leader, GroupFigures(leader)).add(row, late)
        for unit in _lead_units(row):
            units.setdefault(unit, GroupFigures(unit, returned=returned.get(unit, False))).add(row, late)
        if late:
            late_tasks.append(LateTask(row.no, row.text, row.lead_units, row.leader, row.shown_due, row.status,
                                       row.progress))
    counts = Counter(row.status for row in rows)
    by_status = {s: counts.get(s, 0) for s in STATUSES}
    changes, updated, status_changes, extensions = _change_lines(session, round_period_history(session,
                                                                                                reporting_round))
    previous = previous_round(session, reporting_round)
    return BulletinFigures(
        round_name=info.name, round_due=info.due, document_title=info.document_title, issued=issued,
        reference=reference, total=len(rows), by_status=by_status, late_tasks=late_tasks,
        leaders=sorted(leaders.values(), key=lambda g: (g.name == NO_LEADER, -g.tasks, g.name)),
        units=sorted(units.values(), key=lambda g: (-g.tasks, g.name)),
        units_expected=len(status.units), units_returned=len(status.units) - len(status.missing_units),
        missing_units=status.missing_units, changes=changes, previous_round=previous.name if previous else None,
        tasks_updated=updated, status_changes=status_changes, extensions=extensions,
        trend=round_trend(session, reporting_round, rows, issued))


def write_bulletin(session: Session, name: str, path: str | Path, *, issued: date | None = None,
                   issuer: str | None = None, overwrite: bool = False) -> BulletinResult:
    """The round's bulletin as a Word document at ``path``."""
    from gzviewer.export.bulletin_docx import write_bulletin_docx

    figures = bulletin_figures(session, name, issued)
    written = write_bulletin_docx(figures, path, issuer=issuer or DEFAULT_ISSUER, overwrite=overwrite)
    return BulletinResult(written, figures)

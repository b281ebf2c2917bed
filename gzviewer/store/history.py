"""The history of a task: every change of its review or units, kept as an entry, never overwritten.

Entries are written where the changes are written (``queries.save_review`` for the review, and
``record_changes`` for anything else), in the same transaction: a change is in the history
exactly when it is in the store.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gzviewer.store.models import ReportingRound, TaskHistory

SOURCE_WINDOW = "window"
SOURCE_CLI = "cli"
SOURCE_SHEET = "sheet"
SOURCE_EDIT = "edit"
SOURCE_OTHER = "other"
SOURCE_LABELS = {SOURCE_WINDOW: "窗口", SOURCE_CLI: "命令行", SOURCE_SHEET: "回收表", SOURCE_EDIT: "更正",
                 SOURCE_OTHER: "其他"}

FIELD_LABELS = {"status": "状态", "progress": "进展情况", "note": "备注", "due_date": "完成时限",
                "lead_units": "牵头单位", "coop_units": "配合单位", "deadline": "完成时限（通知）"}
USER_ENV = "GZVIEWER_USER"


def current_user() -> str:
    """Who is making changes: ``GZVIEWER_USER`` (or the name set in the window), else the OS user."""
    name = os.environ.get(USER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some service accounts)
        return ""


@dataclass(frozen=True)
class ChangeSource:
    """How a change was made: typed in the window, given on the command line, or read from a
    unit's returned sheet (with its file name and round); by whom; and why (an extension)."""

    kind: str = SOURCE_OTHER
    file_name: str | None = None
    round_id: int | None = None
    user: str | None = None
    reason: str | None = None

    @property
    def label(self) -> str:
        return SOURCE_LABELS.get(self.kind, self.kind)


@dataclass
class HistoryEntry:
    id: int
    task_id: int
    at: datetime
    field: str
    old: str | None
    new: str | None
    source: str
    file_name: str | None
    round: str | None
    user: str | None
    reason: str | None

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def source_label(self) -> str:
        label = SOURCE_LABELS.get(self.source, self.source)
        details = "，".join(part for part in (self.file_name, self.round) if part)
        return f"{label}（{details}）" if details else label

    def to_json(self) -> dict:
        return {"id": self.id, "task_id": self.task_id, "at": self.at.isoformat(timespec="seconds"),
                "field": self.field, "field_label": self.field_label, "old": self.old, "new": self.new,
                "source": self.source, "source_label": SOURCE_LABELS.get(self.source, self.source),
                "file": self.file_name, "round": self.round, "user": self.user, "reason": self.reason}


def _text(value) -> str | None:
    """The stored form of a value: lists joined with 、, an empty value as NULL."""
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    return None if value is None or value == "" else str(value)


def record_changes(session: Session, task_id: int, changes: dict[str, tuple[object, object]],
                   source: ChangeSource | None = None, at: datetime | None = None) -> int:
    """Add one entry per field whose value really changed (old → new); the number added."""
    source = source or ChangeSource()
    user = source.user if source.user is not None else current_user()
    at = at or datetime.now()
    added = 0
    for field, (old, new) in changes.items():
        old_text, new_text = _text(old), _text(new)
        if (old_text or "") == (new_text or ""):
            continue
        session.add(TaskHistory(task_id=task_id, at=at, field=field, old=old_text, new=new_text,
                                source=source.kind, file_name=source.file_name, round_id=source.round_id,
                                user=user or None, reason=source.reason))
        added += 1
    if added:
        session.flush()
    return added


def entries_where(session: Session, *conditions) -> list[HistoryEntry]:
    rows = session.execute(
        select(TaskHistory.id, TaskHistory.task_id, TaskHistory.at, TaskHistory.field, TaskHistory.old,
               TaskHistory.new, TaskHistory.source, TaskHistory.file_name, ReportingRound.name, TaskHistory.user,
               TaskHistory.reason)
        .outerjoin(ReportingRound, ReportingRound.id == TaskHistory.round_id)
        .where(*conditions).order_by(TaskHistory.id)
    ).all()
    return [HistoryEntry(*row) for row in rows]


def task_history(session: Session, task_id: int) -> list[HistoryEntry]:
    """The entries of one task, oldest first."""
    return entries_where(session, TaskHistory.task_id == task_id)


def round_history(session: Session, round_id: int) -> list[HistoryEntry]:
    """The entries made in one round (its returned sheets), oldest first."""
    return entries_where(session, TaskHistory.round_id == round_id)


def history_between(session: Session, start: datetime | None, end: datetime | None) -> list[HistoryEntry]:
    """The entries made in [start, end): what changed between two points in time."""
    conditions = []
    if start is not None:
        conditions.append(TaskHistory.at >= start)
    if end is not None:
        conditions.append(TaskHistory.at < end)
    return entries_where(session, *conditions)

"""Storing the officer's corrections of tasks: the values in force, what the parser read, undo states.

A correction is kept on the task as ``overrides`` (the corrected fields, JSON) over ``parsed``
(what the parser read, JSON); the task's columns and unit links always hold the values in force,
so every filter, export and statistic uses them with no extra join. A re-import of the notice
writes the newly parsed values under the same overrides (``importer._write_tasks``).
The workflows (edit, add, delete, split, merge, undo) are in ``gzviewer.services.task_edits``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from gzviewer.errors import NotFoundError
from gzviewer.store.history import SOURCE_EDIT, ChangeSource, record_changes
from gzviewer.store.importer import (
    CORRECTABLE_FIELDS,
    UnitKind,
    _default_unit_kind,
    set_task_units,
    split_names,
    task_values,
)
from gzviewer.store.models import TASK_ORIGIN_MANUAL, TASK_ORIGIN_PARSED, Document, Task, TaskUnit, Unit

ROLE_LEAD, ROLE_COOP = "lead", "coop"


@dataclass(frozen=True)
class TaskState:
    """Everything about a task a correction can change: enough to put it back exactly."""

    id: int
    document_id: int
    position: int
    no: int
    section: str | None
    category: str | None
    text: str
    leader: str | None
    deadline: str | None
    lead_units: tuple[str, ...]
    coop_units: tuple[str, ...]
    in_notice: bool
    deleted: bool
    corrected: bool
    origin: str
    parsed: str | None
    overrides: str | None

    @property
    def fields(self) -> dict:
        """The correctable fields in force."""
        return {"text": self.text, "leader": self.leader, "lead_units": list(self.lead_units),
                "coop_units": list(self.coop_units), "deadline": self.deadline}


@dataclass
class TaskCorrection:
    """A task's correction as it stands: the parsed and the corrected value of each corrected field."""

    task_id: int
    corrected: bool
    deleted: bool
    origin: str
    parsed: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)


def _unit_lists(session: Session, task_id: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = session.execute(select(TaskUnit.role, Unit.name).join(Unit, Unit.id == TaskUnit.unit_id)
                           .where(TaskUnit.task_id == task_id).order_by(TaskUnit.role, TaskUnit.order)).all()
    return (tuple(n for r, n in rows if r == ROLE_LEAD), tuple(n for r, n in rows if r == ROLE_COOP))


# Corrections kept in the task's history (its units and its deadline, beside the review's fields).
HISTORY_FIELDS = ("lead_units", "coop_units", "deadline")


def task_state(session: Session, task_id: int) -> TaskState:
    task = session.get(Task, task_id, populate_existing=True)
    if task is None:
        raise NotFoundError(f"找不到任务（编号 {task_id}）")
    lead, coop = _unit_lists(session, task_id)
    if task.deleted:  # a deleted task has no unit links: its lists are in the display copies
        lead, coop = tuple(split_names(task.lead_names)), tuple(split_names(task.coop_names))
    return TaskState(task.id, task.document_id, task.position, task.no, task.section, task.category, task.text,
                     task.leader, task.deadline, lead, coop, bool(task.in_notice), bool(task.deleted),
                     bool(task.corrected), task.origin, task.parsed, task.overrides)


def restore_state(session: Session, state: TaskState, unit_kind: UnitKind = _default_unit_kind) -> None:
    """Put a task back as ``state`` describes it (recreating the row if it was removed)."""
    values = {"document_id": state.document_id, "position": state.position, "no": state.no,
              "section": state.section, "category": state.category, "in_notice": state.in_notice,
              "deleted": state.deleted, "corrected": state.corrected, "origin": state.origin,
              "parsed": state.parsed, "overrides": state.overrides, **task_values(state.fields)}
    if session.get(Task, state.id) is None:
        session.add(Task(id=state.id, start=-1, **values))
        session.flush()
    else:
        session.execute(update(Task).where(Task.id == state.id).values(**values))
    set_task_units(session, {state.id: {} if state.deleted else state.fields}, unit_kind)
    session.expire_all()


def task_correction(session: Session, task_id: int) -> TaskCorrection:
    state = task_state(session, task_id)
    return TaskCorrection(task_id, state.corrected, state.deleted, state.origin,
                          json.loads(state.parsed) if state.parsed else {},
                          json.loads(state.overrides) if state.overrides else {})


def correct_task(session: Session, task_id: int, changes: dict, unit_kind: UnitKind = _default_unit_kind) -> None:
    """Set the correctable ``changes`` (field → value) of a task as the officer's correction.

    A field set back to what the parser read is no longer a correction.
    """
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown task fields: {sorted(unknown)}")
    state = task_state(session, task_id)
    parsed = json.loads(state.parsed) if state.parsed else state.fields
    overrides = json.loads(state.overrides) if state.overrides else {}
    overrides.update(changes)
    if state.origin == TASK_ORIGIN_PARSED:
        overrides = {name: value for name, value in overrides.items() if parsed.get(name) != value}
    in_force = {**parsed, **overrides}
    corrected = bool(overrides) or state.deleted or state.origin != TASK_ORIGIN_PARSED
    session.execute(update(Task).where(Task.id == task_id).values(
        corrected=corrected, overrides=json.dumps(overrides, ensure_ascii=False) if overrides else None,
        parsed=json.dumps(parsed, ensure_ascii=False) if corrected and state.origin == TASK_ORIGIN_PARSED else None,
        **task_values(in_force)))
    if not state.deleted:
        set_task_units(session, {task_id: in_force}, unit_kind)
    record_changes(session, task_id, {name: (state.fields.get(name), in_force.get(name))
                                      for name in HISTORY_FIELDS}, ChangeSource(SOURCE_EDIT))
    session.expire_all()


def set_deleted(session: Session, task_id: int, deleted: bool, unit_kind: UnitKind = _default_unit_kind) -> None:
    """Hide a task (deleted by hand: kept, so a re-import does not bring it back) or show it again."""
    state = task_state(session, task_id)
    overrides = bool(state.overrides)
    corrected = deleted or overrides or state.origin != TASK_ORIGIN_PARSED
    parsed = state.parsed if state.parsed or not corrected or state.origin != TASK_ORIGIN_PARSED else \
        json.dumps(state.fields, ensure_ascii=False)
    session.execute(update(Task).where(Task.id == task_id).values(
        deleted=deleted, corrected=corrected, parsed=parsed if corrected else None))
    set_task_units(session, {task_id: {} if deleted else state.fields}, unit_kind)
    session.expire_all()


def add_manual_task(session: Session, document_id: int, fields: dict, *, after_task_id: int | None = None,
                    no: int | None = None, unit_kind: UnitKind = _default_unit_kind) -> int:
    """Add a task by hand to a document: after ``after_task_id`` (same section) or at the end."""
    if session.get(Document, document_id) is None:
        raise NotFoundError(f"找不到文件（编号 {document_id}）")
    section = category = None
    if after_task_id is not None:
        anchor = session.get(Task, after_task_id)
        if anchor is None or anchor.document_id != document_id:
            raise NotFoundError(f"找不到任务（编号 {after_task_id}）")
        position, section, category = anchor.position + 1, anchor.section, anchor.category
        session.execute(update(Task).where(Task.document_id == document_id, Task.position >= position)
                        .values(position=Task.position + 1))
    else:
        position = (session.scalar(select(func.max(Task.position)).where(Task.document_id == document_id)) or -1) + 1
    if no is None:
        no = (session.scalar(select(func.max(Task.no)).where(Task.document_id == document_id)) or 0) + 1
    task = Task(document_id=document_id, position=position, no=no, section=section, category=category, start=-1,
                remark=None, in_notice=True, deleted=False, corrected=True, origin=TASK_ORIGIN_MANUAL,
                overrides=json.dumps(fields, ensure_ascii=False), parsed=None, **task_values(fields))
    session.add(task)
    session.flush()
    set_task_units(session, {task.id: fields}, unit_kind, replace=False)
    return task.id


def remove_task(session: Session, task_id: int) -> None:
    """Remove a task row outright (undoing its addition)."""
    session.execute(delete(Task).where(Task.id == task_id))  # its review and links go with it
    session.expire_all()


def deleted_task_ids(session: Session, document_id: int, no: int) -> list[int]:
    """The tasks numbered ``no`` in a document that were deleted by hand."""
    return list(session.scalars(select(Task.id).where(Task.document_id == document_id, Task.no == no,
                                                      Task.deleted.is_(True)).order_by(Task.position)))

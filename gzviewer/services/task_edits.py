"""Correcting tasks by hand: edit, add, delete, split, merge, and undo each of them.

The GUI and the CLI call these same functions. Each one works in the caller's session (one unit
of work) and returns a ``TaskEdit``: the states of the tasks before and after, and the tasks it
created, which is all ``undo_edit`` needs. A corrected task is marked ``corrected``; its
correction stays across a re-import of the notice (``store.importer``) and is what every filter,
export and statistic uses (the task's columns and unit links hold the corrected values).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from gzviewer.control_characters import stored_text
from gzviewer.errors import GzviewerError
from gzviewer.store.task_corrections import (
    TaskState,
    add_manual_task,
    correct_task,
    deleted_task_ids,
    remove_task,
    restore_state,
    set_deleted,
    task_state,
)

__all__ = ["TaskEdit", "TaskEditError", "add_task", "delete_task", "deleted_task_ids", "edit_task",
           "merge_tasks", "restore_task", "split_task", "undo_edit", "unit_names"]

# Separators accepted between unit names typed by the officer.
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")

EDIT_TASK = "修改第 {no} 项任务"
ADD_TASK = "新增任务"
DELETE_TASK = "删除第 {no} 项任务"
RESTORE_TASK = "恢复第 {no} 项任务"
SPLIT_TASK = "将第 {no} 项任务拆分为 {parts} 项"
MERGE_TASKS = "合并第 {nos} 项任务"

REASON_EMPTY_TEXT = "任务内容不能为空"
REASON_NOTHING = "未指定要修改的内容"
REASON_SPLIT_PARTS = "拆分至少需要两段非空的任务内容"
REASON_MERGE_COUNT = "合并至少需要两项任务"
REASON_MERGE_DOCUMENTS = "只能合并同一文件中的任务"
REASON_DELETED = "第 {no} 项任务已被删除"
REASON_CHANGED = "第 {no} 项任务在此之后已被修改，无法撤销“{edit}”"


class TaskEditError(GzviewerError):
    """A correction that cannot be made as asked; the message says why, in one line."""


@dataclass
class TaskEdit:
    """What one correction did: enough to show it and to undo it."""

    description: str
    task_ids: list[int]  # the tasks the edit leaves (the first is the one to select)
    before: list[TaskState] = field(default_factory=list)  # tasks that existed, as they were
    after: list[TaskState] = field(default_factory=list)  # the same tasks (and created ones) as left
    created: list[int] = field(default_factory=list)


def unit_names(value: str | Iterable[str] | None) -> list[str]:
    """Unit names in order, canonical (aliases such as 市发改委 become the directory's name), no repeats.

    Accepts a list, or one string with the names separated by 、 ， , ； or spaces.
    """
    from gzviewer.parse.units import UnitDirectory

    if value is None:
        return []
    raw = _UNIT_SEPARATORS.split(value) if isinstance(value, str) else list(value)
    directory = UnitDirectory.load()
    names = [directory.canonical(stored_text(name).strip()) for name in raw if name and name.strip()]
    return list(dict.fromkeys(n for n in names if n))


def _clean_text(text: str) -> str:
    text = stored_text(text or "").strip()
    if not text:
        raise TaskEditError(REASON_EMPTY_TEXT)
    return text


def _optional(value: str | None) -> str | None:
    value = stored_text(value or "").strip()
    return value or None


def _live(session: Session, task_id: int) -> TaskState:
    state = task_state(session, task_id)
    if state.deleted:
        raise TaskEditError(REASON_DELETED.format(no=state.no))
    return state


def _finish(session: Session, description: str, task_ids: list[int], before: list[TaskState],
            created: Sequence[int] = ()) -> TaskEdit:
    after = [task_state(session, i) for i in dict.fromkeys([*(s.id for s in before), *created])]
    return TaskEdit(description, task_ids, before, after, list(created))


def edit_task(session: Session, task_id: int, *, text: str | None = None, leader: str | None = None,
              lead_units: str | Iterable[str] | None = None, coop_units: str | Iterable[str] | None = None,
              deadline: str | None = None) -> TaskEdit:
    """Correct a task's text, leader, lead or cooperating units or deadline (None: unchanged;
    an empty leader, deadline or unit list clears it)."""
    before = _live(session, task_id)
    changes: dict = {}
    if text is not None:
        changes["text"] = _clean_text(text)
    if leader is not None:
        changes["leader"] = _optional(leader)
    if deadline is not None:
        changes["deadline"] = _optional(deadline)
    if lead_units is not None:
        changes["lead_units"] = unit_names(lead_units)
    if coop_units is not None:
        changes["coop_units"] = unit_names(coop_units)
    if not changes:
        raise TaskEditError(REASON_NOTHING)
    if "lead_units" in changes:  # a unit leads or cooperates, not both
        coop = changes.get("coop_units", list(before.coop_units))
        changes["coop_units"] = [u for u in coop if u not in changes["lead_units"]]
    correct_task(session, task_id, changes)
    return _finish(session, EDIT_TASK.format(no=before.no), [task_id], [before])


def add_task(session: Session, document_id: int, text: str, *, leader: str | None = None,
             lead_units: str | Iterable[str] | None = None, coop_units: str | Iterable[str] | None = None,
             deadline: str | None = None, after_task_id: int | None = None) -> TaskEdit:
    """Add a task by hand (after ``after_task_id``, or at the end of the document's tasks)."""
    lead = unit_names(lead_units)
    fields = {"text": _clean_text(text), "leader": _optional(leader), "lead_units": lead,
              "coop_units": [u for u in unit_names(coop_units) if u not in lead], "deadline": _optional(deadline)}
    task_id = add_manual_task(session, document_id, fields, after_task_id=after_task_id)
    return _finish(session, ADD_TASK, [task_id], [], [task_id])


def delete_task(session: Session, task_id: int) -> TaskEdit:
    """Delete a task by hand. It is kept hidden (with its review), so a re-import of the notice
    does not bring it back, and ``restore_task`` or undo shows it again."""
    before = _live(session, task_id)
    set_deleted(session, task_id, True)
    return _finish(session, DELETE_TASK.format(no=before.no), [task_id], [before])


def restore_task(session: Session, task_id: int) -> TaskEdit:
    """Show a task deleted by hand again."""
    before = task_state(session, task_id)
    set_deleted(session, task_id, False)
    return _finish(session, RESTORE_TASK.format(no=before.no), [task_id], [before])


def split_task(session: Session, task_id: int, parts: Sequence[str]) -> TaskEdit:
    """Split a task into several: the first part stays the task (with its review), each further
    part becomes a task of its own, right after it, with the same number, leader, units and deadline."""
    texts = [stored_text(p or "").strip() for p in parts]
    texts = [t for t in texts if t]
    if len(texts) < 2:
        raise TaskEditError(REASON_SPLIT_PARTS)
    before = _live(session, task_id)
    correct_task(session, task_id, {"text": texts[0]})
    created, anchor = [], task_id
    for text in texts[1:]:
        fields = {**before.fields, "text": text}
        anchor = add_manual_task(session, before.document_id, fields, after_task_id=anchor, no=before.no)
        created.append(anchor)
    return _finish(session, SPLIT_TASK.format(no=before.no, parts=len(texts)), [task_id, *created], [before],
                   created)


def merge_tasks(session: Session, task_ids: Sequence[int]) -> TaskEdit:
    """Merge tasks of one document into the first of them (in table order): its text becomes the
    texts joined, its units all their units; the others are deleted (kept hidden, with their reviews)."""
    ids = list(dict.fromkeys(task_ids))
    if len(ids) < 2:
        raise TaskEditError(REASON_MERGE_COUNT)
    states = sorted((_live(session, i) for i in ids), key=lambda s: (s.position, s.id))
    if len({s.document_id for s in states}) > 1:
        raise TaskEditError(REASON_MERGE_DOCUMENTS)
    first, rest = states[0], states[1:]
    lead = list(dict.fromkeys(u for s in states for u in s.lead_units))
    coop = [u for u in dict.fromkeys(u for s in states for u in s.coop_units) if u not in lead]
    correct_task(session, first.id, {"text": "".join(s.text for s in states), "lead_units": lead,
                                     "coop_units": coop})
    for state in rest:
        set_deleted(session, state.id, True)
    nos = "、".join(str(s.no) for s in states)
    return _finish(session, MERGE_TASKS.format(nos=nos), [first.id], states)


def undo_edit(session: Session, edit: TaskEdit) -> None:
    """Take back ``edit``: its tasks as they were, the tasks it created removed.

    Refused (nothing changed) when a task was changed again since, by a later edit here or
    elsewhere: undo never reverts a newer value silently.
    """
    for state in edit.after:
        try:
            current = task_state(session, state.id)
        except GzviewerError:
            current = None
        if current is None or _comparable(current) != _comparable(state):
            raise TaskEditError(REASON_CHANGED.format(no=state.no, edit=edit.description))
    for task_id in edit.created:
        remove_task(session, task_id)
    for state in edit.before:
        restore_state(session, state)


def _comparable(state: TaskState) -> tuple:
    """A state without its place (adding a task elsewhere moves the places of those after it)."""
    return (state.text, state.leader, state.deadline, state.lead_units, state.coop_units, state.deleted,
            state.corrected, state.overrides, state.no)

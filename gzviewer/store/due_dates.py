"""Keeping ``task.due_on`` in step with the deadline text (``parse.deadlines``), in every session.

A task's deadline is written by the importer (bulk inserts), by corrections and by restores;
rather than each of them reading the text, a session that wrote a task or a document reads the
deadlines of the tasks whose ``due_from`` ("year|deadline") no longer matches, just before it
commits. Sessions that wrote no task (the window's reads, a review) pay nothing.
"""

from __future__ import annotations

from sqlalchemy import String, case, cast, event, func, literal, null, select, update
from sqlalchemy.orm import Session, sessionmaker

from gzviewer.parse.deadlines import due_iso
from gzviewer.store.models import Document, Task

_TOUCHED = "gzviewer_tasks_written"
_WRITTEN_TABLES = {Task.__tablename__, Document.__tablename__}


def due_source(year: int | None, deadline: str | None) -> str | None:
    """What a due date was read from: "year|deadline"; NULL for a task without a deadline (most
    tasks), so those are never read nor written."""
    return None if deadline is None else f"{year or ''}|{deadline}"


def sync_due_dates(session: Session) -> int:
    """Read the due date of every task whose deadline or document year changed; the number updated."""
    source = case((Task.deadline.is_(None), null()),
                  else_=func.coalesce(cast(Document.year, String), literal("")) + literal("|") + Task.deadline)
    stale = session.execute(
        select(Task.id, Task.deadline, Document.year).join(Document, Document.id == Task.document_id)
        .where(Task.due_from.is_distinct_from(source))
    ).all()
    if stale:  # one executemany by primary key
        session.execute(update(Task), [{"id": task_id, "due_on": due_iso(deadline, year),
                                        "due_from": due_source(year, deadline)}
                                       for task_id, deadline, year in stale],
                        execution_options={"synchronize_session": False})
    return len(stale)


def _note_statement(state) -> None:
    if state.is_insert or state.is_update:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _WRITTEN_TABLES:
            state.session.info[_TOUCHED] = True


def _note_flush(session: Session, _context, _instances) -> None:
    if any(isinstance(obj, Task | Document) for obj in (*session.new, *session.dirty)):
        session.info[_TOUCHED] = True


def _before_commit(session: Session) -> None:
    if session.info.pop(_TOUCHED, False):
        sync_due_dates(session)
        session.info.pop(_TOUCHED, None)


def keep_in_step(factory: sessionmaker) -> None:
    """Make every session of ``factory`` keep due dates in step with deadlines."""
    event.listen(factory, "do_orm_execute", _note_statement)
    event.listen(factory, "before_flush", _note_flush)
    event.listen(factory, "before_commit", _before_commit)

"""Writing an ExtractedDocument into the store: one transaction per document.

Re-importing identical content is a no-op. A file is a new version of a stored document only
when it is clearly the same document: same kind and year, the same file name or the same issuer
and title, and texts that mostly agree (``identity.text_agreement``); anything else is a new document. The replaced
version is kept whole (``DocumentVersion``) and can be restored. A text with decoding damage is
never stored over a clean version of it.

The tasks of a new version are matched to the stored ones by content, not by number
(``identity.match_tasks``): a matched task keeps its row, so its review, its sources and the
officer's corrections stay with it; the outcome says which tasks were added, removed, renumbered
or reworded. A task that left the notice is kept, marked as no longer in it, while it carries the
officer's work (a review or a correction); otherwise it is deleted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Table, and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gzviewer.errors import DocumentReadError, GzviewerError, printable_name
from gzviewer.parse.records import ExtractedDocument, TaskRecord
from gzviewer.paths import os_error_reason
from gzviewer.store import search
from gzviewer.store.database import Database, DatabaseFailedError, database_error_reason
from gzviewer.store.identity import (
    SAME_DOCUMENT_AGREEMENT,
    TaskKey,
    is_damaged,
    match_tasks,
    replacement_count,
    text_agreement,
)
from gzviewer.store.models import (
    TASK_ORIGIN_PARSED,
    Document,
    DocumentVersion,
    GlossaryTerm,
    Heading,
    Review,
    Sentence,
    Target,
    Task,
    TaskSource,
    TaskUnit,
    Unit,
)
from gzviewer.vocabulary import UNIT_SEPARATOR

UnitKind = Callable[[str], str]

STATUS_NEW = "new"
STATUS_UNCHANGED = "unchanged"
STATUS_UPDATED = "updated"

CHANGE_ADDED = "added"
CHANGE_REMOVED = "removed"  # left the notice (kept when it carries a review or a correction)
CHANGE_RENUMBERED = "renumbered"
CHANGE_REWORDED = "reworded"
CHANGE_UNITS = "units"  # lead or cooperating units changed
CHANGE_RETURNED = "returned"  # back in the notice after a version without it

# The fields a correction may override, as the task row stores them.
CORRECTABLE_FIELDS = ("text", "leader", "lead_units", "coop_units", "deadline")

REASON_DAMAGED = ("文字中有 {count} 处无法识别的字符（编码损坏），不能覆盖已导入的完好版本“{title}”，"
                  "请找到原始文件或另存为 UTF-8 后再导入")


class DamagedRevisionError(DocumentReadError):
    """A text with decoding damage would have replaced a clean version of it."""


@dataclass
class TaskChange:
    kind: str  # CHANGE_*
    task_id: int | None
    no: int | None  # the number in the new version (the old number for a removed task)
    text: str
    old_no: int | None = None
    old_text: str | None = None
    kept: bool = False  # a removed task kept for its review or correction
    corrected: bool = False  # the task carries a correction (kept over the new version)


@dataclass
class TaskChanges:
    """What a new version of a notice changed in its tasks."""

    changes: list[TaskChange] = field(default_factory=list)
    matched: int = 0
    corrections_kept: int = 0

    def of_kind(self, kind: str) -> list[TaskChange]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def added(self) -> list[TaskChange]:
        return self.of_kind(CHANGE_ADDED)

    @property
    def removed(self) -> list[TaskChange]:
        return self.of_kind(CHANGE_REMOVED)

    @property
    def renumbered(self) -> list[TaskChange]:
        return self.of_kind(CHANGE_RENUMBERED)

    @property
    def reworded(self) -> list[TaskChange]:
        return self.of_kind(CHANGE_REWORDED)

    def __bool__(self) -> bool:
        return bool(self.changes)


@dataclass
class ImportOutcome:
    document_id: int
    status: str  # new | unchanged | updated
    title: str
    changes: TaskChanges | None = None  # for an update
    version_id: int | None = None  # the kept replaced version (for an update)
    agreement: float | None = None  # how much of the text the replaced version shared


def _default_unit_kind(name: str) -> str:
    """The unit's kind from the bundled unit directory (市直部门, 区政府 …)."""
    from gzviewer.parse.units import UnitDirectory

    return UnitDirectory.load().kind_of(name)


def import_extracted(db: Database, extracted: ExtractedDocument,
                     unit_kind: UnitKind = _default_unit_kind) -> ImportOutcome:
    """Store ``extracted`` atomically and say whether it was new, unchanged or an update.

    Raises ``DamagedRevisionError`` (nothing stored) when a text with decoding damage would
    replace a clean version of the same document.
    """
    with db.session() as session:
        existing = session.scalar(select(Document).where(Document.content_hash == extracted.content_hash))
        if existing is not None:
            return ImportOutcome(existing.id, STATUS_UNCHANGED, existing.title)
        previous, agreement = _previous_version(session, extracted)
        if previous is None:
            document = Document(content_hash=extracted.content_hash, text="", title="", source_name="",
                                format="")
            session.add(document)
            _fill_document(document, extracted)
            session.flush()
            _write_extractions(session, document.id, extracted, unit_kind)
            return ImportOutcome(document.id, STATUS_NEW, document.title)
        if is_damaged(extracted.text) and replacement_count(extracted.text) > replacement_count(previous.text):
            raise DamagedRevisionError(extracted.source_name, REASON_DAMAGED.format(
                count=replacement_count(extracted.text), title=previous.title))
        version, changes = store_revision(session, previous, extracted, unit_kind)
        return ImportOutcome(previous.id, STATUS_UPDATED, previous.title, changes, version.id, agreement)


def store_revision(session: Session, document: Document, extracted: ExtractedDocument,
                   unit_kind: UnitKind = _default_unit_kind) -> tuple[DocumentVersion, TaskChanges]:
    """Make ``extracted`` the current version of ``document``; the replaced one is kept.

    Also used to restore a kept version (``services.revisions``).
    """
    clash = session.scalar(select(Document.id).where(Document.content_hash == extracted.content_hash,
                                                     Document.id != document.id))
    if clash is not None:
        raise GzviewerError(f"这一版本的内容与已导入的文件 [{clash}] 相同，不能作为“{document.title}”的版本")
    version = _keep_version(session, document)
    _clear_extractions(session, document.id)
    # The new version's tasks are linked to their report afresh (after the import).
    session.execute(delete(TaskSource).where(TaskSource.task_id.in_(
        select(Task.id).where(Task.document_id == document.id).scalar_subquery())))
    _fill_document(document, extracted)
    document.imported_at = datetime.now()
    session.flush()
    changes = _write_extractions(session, document.id, extracted, unit_kind)
    return version, changes


def _identity_candidates(session: Session, extracted: ExtractedDocument) -> list[Document]:
    """Stored documents that could be ``extracted``'s earlier version: same kind and year, and the
    same file name or the same (known) issuer and title."""
    meta = extracted.meta
    same_source = [Document.source_name == extracted.source_name]
    if meta.issuer:
        same_source.append(and_(Document.issuer == meta.issuer, Document.title == meta.title))
    return list(session.scalars(
        select(Document).where(Document.kind == meta.kind,
                               Document.year.is_(None) if meta.year is None else Document.year == meta.year,
                               or_(*same_source))
        .order_by(Document.id.desc())))


def _previous_version(session: Session, extracted: ExtractedDocument) -> tuple[Document | None, float | None]:
    """The stored document this one revises (and how much of its text they share), or None."""
    best, best_agreement = None, None
    for candidate in _identity_candidates(session, extracted):
        agreement = text_agreement(candidate.text, extracted.text)
        if agreement >= SAME_DOCUMENT_AGREEMENT and (best_agreement is None or agreement > best_agreement):
            best, best_agreement = candidate, agreement
    return best, best_agreement


def _keep_version(session: Session, document: Document) -> DocumentVersion:
    version = DocumentVersion(
        document_id=document.id, title=document.title, kind=document.kind, issuer=document.issuer,
        speaker=document.speaker, meeting=document.meeting, level=document.level, year=document.year,
        date=document.date, doc_number=document.doc_number, source_name=document.source_name,
        format=document.format, content_hash=document.content_hash, text=document.text,
        tasks=json.dumps(parsed_task_records(session, document.id), ensure_ascii=False),
        imported_at=document.imported_at)
    session.add(version)
    session.flush()
    return version


def parsed_task_records(session: Session, document_id: int) -> list[dict]:
    """The tasks of the document's current version as its parser read them (corrections left out)."""
    rows = session.execute(
        select(Task.no, Task.section, Task.category, Task.text, Task.leader, Task.lead_names, Task.coop_names,
               Task.deadline, Task.remark, Task.start, Task.parsed)
        .where(Task.document_id == document_id, Task.origin == TASK_ORIGIN_PARSED, Task.in_notice.is_(True))
        .order_by(Task.position)).all()
    records = []
    for no, section, category, text, leader, lead, coop, deadline, remark, start, parsed in rows:
        record = {"no": no, "section": section, "category": category, "text": text, "leader": leader,
                  "lead_units": split_names(lead), "coop_units": split_names(coop), "deadline": deadline,
                  "remark": remark, "start": start}
        if parsed:
            record.update(json.loads(parsed))
        records.append(record)
    return records


def _chunks(ids: list[int], size: int = 500):
    """``ids`` in slices small enough for one IN list."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def split_names(joined: str | None) -> list[str]:
    return [name for name in (joined or "").split(UNIT_SEPARATOR) if name]


def _fill_document(document: Document, extracted: ExtractedDocument) -> None:
    meta = extracted.meta
    document.title = meta.title
    document.kind = meta.kind
    document.issuer = meta.issuer
    document.speaker = meta.speaker
    document.meeting = meta.meeting
    document.level = meta.level
    document.year = meta.year
    document.date = meta.date
    document.doc_number = meta.doc_number
    document.source_name = extracted.source_name
    document.format = extracted.format
    document.content_hash = extracted.content_hash
    document.text = extracted.text


def _clear_extractions(session: Session, document_id: int) -> None:
    search.remove_document(session, document_id)
    for table in (Target, GlossaryTerm, Sentence, Heading):
        session.execute(delete(table).where(table.document_id == document_id))


def _write_extractions(session: Session, document_id: int, extracted: ExtractedDocument,
                       unit_kind: UnitKind) -> TaskChanges:
    heading_ids = _write_headings(session, document_id, extracted)
    sentence_ids = _write_sentences(session, document_id, extracted, heading_ids)
    _write_targets(session, document_id, extracted, sentence_ids, heading_ids)
    changes = _write_tasks(session, document_id, extracted.tasks, unit_kind)
    if extracted.glossary:
        session.execute(insert(GlossaryTerm.__table__), [
            {"document_id": document_id, "term": g.term, "definition": g.definition}
            for g in extracted.glossary
        ])
    search.index_sentences(session, document_id,
                           ((sid, s.text) for sid, s in zip(sentence_ids, extracted.sentences, strict=True)))
    return changes


def _insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) in one executemany.

    On SQLite the rows go straight to the driver: SQLAlchemy's per-row parameter processing
    cost more than SQLite's own insert (~70,000 rows per 2 MB of text imported).
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    names = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
    session.connection().exec_driver_sql(sql, [tuple(row[c] for c in columns) for row in rows])


def _ids_by_position(session: Session, table: Table, document_id: int) -> list[int]:
    """Ids of the document's rows in ``position`` order.

    Rows are inserted in one executemany and their ids read back here: ``RETURNING`` with
    ordered ids makes SQLAlchemy fall back to one INSERT per row on SQLite.
    """
    return list(session.scalars(select(table.c.id).where(table.c.document_id == document_id)
                                .order_by(table.c.position)))


def _write_headings(session: Session, document_id: int, extracted: ExtractedDocument) -> list[int]:
    if not extracted.outline:
        return []
    table = Heading.__table__
    _insert_rows(session, table, [
        {"document_id": document_id, "position": position, "level": h.level, "label": h.label, "title": h.title,
         "start": h.start, "line": h.line, "parent_id": None}
        for position, h in enumerate(extracted.outline)
    ])
    ids = _ids_by_position(session, table, document_id)
    parents: list[dict] = []
    open_headings: list[tuple[int, int]] = []  # (level, id) of the enclosing headings
    for heading, heading_id in zip(extracted.outline, ids, strict=True):
        while open_headings and open_headings[-1][0] >= heading.level:
            open_headings.pop()
        if open_headings:
            parents.append({"heading": heading_id, "parent_id": open_headings[-1][1]})
        open_headings.append((heading.level, heading_id))
    if parents:
        # executemany: the SET clause is made of the other keys of each parameter dict
        session.execute(update(table).where(table.c.id == bindparam("heading")), parents)
    return ids


def _write_sentences(session: Session, document_id: int, extracted: ExtractedDocument,
                     heading_ids: list[int]) -> list[int]:
    rows = [
        {"document_id": document_id, "position": i, "paragraph": s.paragraph, "start": s.start, "end": s.end,
         "text": s.text, "heading_id": heading_ids[s.heading] if s.heading is not None else None}
        for i, s in enumerate(extracted.sentences)
    ]
    if not rows:
        return []
    _insert_rows(session, Sentence.__table__, rows)
    return _ids_by_position(session, Sentence.__table__, document_id)


def _write_targets(session: Session, document_id: int, extracted: ExtractedDocument,
                   sentence_ids: list[int], heading_ids: list[int]) -> None:
    rows = []
    for position, t in enumerate(extracted.targets):
        sentence = extracted.sentences[t.sentence_index] if t.sentence_index is not None else None
        rows.append({
            "document_id": document_id, "position": position,
            "sentence_id": sentence_ids[t.sentence_index] if t.sentence_index is not None else None,
            "heading_id": heading_ids[sentence.heading] if sentence and sentence.heading is not None else None,
            "indicator": t.indicator, "metric": t.metric, "value": t.value, "value_high": t.value_high,
            "unit": t.unit, "qualifier": t.qualifier, "qualifier_class": t.qualifier_class, "hedge": t.hedge,
            "year": t.year, "kind": t.kind, "span": t.span, "start": t.start, "end": t.end,
            "sentence_text": t.sentence,
        })
    _insert_rows(session, Target.__table__, rows)


def unit_ids(session: Session, names: set[str], unit_kind: UnitKind) -> dict[str, int]:
    """Ids of the named units, adding the ones not stored yet."""
    if not names:
        return {}
    known = dict(session.execute(select(Unit.name, Unit.id).where(Unit.name.in_(names))).all())
    missing = sorted(names - known.keys())
    if missing:
        session.execute(insert(Unit.__table__), [{"name": n, "kind": unit_kind(n)} for n in missing])
        known.update(session.execute(select(Unit.name, Unit.id).where(Unit.name.in_(missing))).all())
    return known


def _parsed_fields(task: TaskRecord) -> dict:
    """The correctable fields as the parser read them (the ``parsed`` JSON of a corrected task)."""
    return {"text": task.text, "leader": task.leader, "lead_units": list(task.lead_units),
            "coop_units": list(task.coop_units), "deadline": task.deadline}


def task_values(fields: dict) -> dict:
    """Task columns for correctable field values (unit lists become the display copies)."""
    return {"text": fields["text"], "leader": fields["leader"], "deadline": fields["deadline"],
            "lead_names": UNIT_SEPARATOR.join(dict.fromkeys(fields["lead_units"])),
            "coop_names": UNIT_SEPARATOR.join(dict.fromkeys(fields["coop_units"]))}


def _record_values(document_id: int, task: TaskRecord, fields: dict) -> dict:
    return {"document_id": document_id, "no": task.no, "section": task.section, "category": task.category,
            "remark": task.remark, "start": task.start, **task_values(fields)}


@dataclass
class _StoredTask:
    id: int
    no: int
    position: int
    in_notice: bool
    deleted: bool
    corrected: bool
    origin: str
    parsed: dict  # the correctable fields as last parsed
    overrides: dict
    reviewed: bool

    @property
    def key(self) -> TaskKey:
        return TaskKey(self.parsed["text"], tuple(self.parsed["lead_units"]), tuple(self.parsed["coop_units"]),
                       self.position)

    @property
    def keeps_work(self) -> bool:
        return self.reviewed or self.corrected


def _stored_tasks(session: Session, document_id: int) -> list[_StoredTask]:
    reviewed = set(session.scalars(select(Review.task_id).join(Task, Task.id == Review.task_id)
                                   .where(Task.document_id == document_id)))
    rows = session.execute(
        select(Task.id, Task.no, Task.position, Task.in_notice, Task.deleted, Task.corrected, Task.origin,
               Task.text, Task.leader, Task.lead_names, Task.coop_names, Task.deadline, Task.parsed, Task.overrides)
        .where(Task.document_id == document_id).order_by(Task.position, Task.id)).all()
    tasks = []
    for (task_id, no, position, in_notice, deleted, corrected, origin, text, leader, lead, coop, deadline,
         parsed, overrides) in rows:
        fields = {"text": text, "leader": leader, "lead_units": split_names(lead), "coop_units": split_names(coop),
                  "deadline": deadline}
        if parsed:
            fields.update(json.loads(parsed))
        tasks.append(_StoredTask(task_id, no, position, bool(in_notice), bool(deleted), bool(corrected), origin,
                                 fields, json.loads(overrides) if overrides else {}, task_id in reviewed))
    return tasks


def _write_tasks(session: Session, document_id: int, tasks: list[TaskRecord], unit_kind: UnitKind) -> TaskChanges:
    """Write a version's tasks, matching the stored ones by content (see the module docstring)."""
    table = Task.__table__
    stored = _stored_tasks(session, document_id)
    if not stored:  # a new document: every task is new, in order
        _insert_rows(session, table, [{**_record_values(document_id, t, _parsed_fields(t)), "position": j}
                                      for j, t in enumerate(tasks)])
        ids = _ids_by_position(session, table, document_id) if tasks else []
        set_task_units(session, {task_id: _parsed_fields(t) for task_id, t in zip(ids, tasks, strict=True)},
                       unit_kind, replace=False)
        return TaskChanges(changes=[TaskChange(CHANGE_ADDED, task_id, t.no, t.text)
                                    for task_id, t in zip(ids, tasks, strict=True)])
    candidates = [t for t in stored if t.origin == TASK_ORIGIN_PARSED]
    new_keys = [TaskKey(t.text, tuple(t.lead_units), tuple(t.coop_units), i) for i, t in enumerate(tasks)]
    matches = match_tasks([t.key for t in candidates], new_keys)
    matched_new = {j: candidates[i] for i, j in matches.items()}
    changes = TaskChanges(matched=len(matches))

    updates, inserts, fields_in_force = [], [], {}
    for j, record in enumerate(tasks):
        parsed = _parsed_fields(record)
        old = matched_new.get(j)
        if old is None:
            # Inserted at a negative place to be told apart; every task is placed below.
            inserts.append({**_record_values(document_id, record, parsed), "position": -(j + 1)})
            continue
        fields = {**parsed, **old.overrides}
        fields_in_force[j] = fields
        updates.append({**_record_values(document_id, record, fields), "task": old.id, "in_notice": True,
                        "parsed": json.dumps(parsed, ensure_ascii=False) if old.corrected else None})
        changes.corrections_kept += bool(old.overrides)
        changes.changes.extend(_differences(old, record, parsed))
    matched_ids = {t.id for t in matched_new.values()}
    vanished = [t for t in candidates if t.id not in matched_ids and t.in_notice]
    doomed = {t.id for t in vanished if not t.keeps_work}
    for task in vanished:
        changes.changes.append(TaskChange(CHANGE_REMOVED, task.id if task.keeps_work else None, task.no,
                                          task.parsed["text"], kept=task.keeps_work, corrected=task.corrected))
    for chunk in _chunks(sorted(doomed)):
        session.execute(delete(Task).where(Task.id.in_(chunk)))
    if updates:
        session.execute(update(table).where(table.c.id == bindparam("task")), updates)
    for chunk in _chunks([t.id for t in vanished if t.keeps_work]):
        session.execute(update(Task).where(Task.id.in_(chunk)).values(in_notice=False))
    _insert_rows(session, table, inserts)
    inserted = {-position - 1: task_id for task_id, position in session.execute(
        select(Task.id, Task.position).where(Task.document_id == document_id, Task.position < 0))}
    new_ids = [matched_new[j].id if j in matched_new else inserted[j] for j in range(len(tasks))]
    changes.changes.extend(TaskChange(CHANGE_ADDED, inserted[j], tasks[j].no, tasks[j].text)
                           for j in sorted(inserted))
    _place_tasks(session, stored, matches, candidates, new_ids, doomed)
    # The unit links of every task of the new version: the values in force (a deleted task has none).
    deleted = {t.id for t in stored if t.deleted}
    set_task_units(session, {new_ids[j]: ({} if new_ids[j] in deleted else fields_in_force.get(j)
                                          or _parsed_fields(tasks[j])) for j in range(len(tasks))}, unit_kind)
    return changes


def _differences(old: _StoredTask, record: TaskRecord, parsed: dict) -> list[TaskChange]:
    found = []
    if not old.in_notice:
        found.append(TaskChange(CHANGE_RETURNED, old.id, record.no, record.text, old.no))
    elif old.no != record.no:
        found.append(TaskChange(CHANGE_RENUMBERED, old.id, record.no, record.text, old.no,
                                corrected=old.corrected))
    if old.parsed["text"] != parsed["text"]:
        found.append(TaskChange(CHANGE_REWORDED, old.id, record.no, record.text, old.no, old.parsed["text"],
                                corrected=old.corrected))
    if (old.parsed["lead_units"], old.parsed["coop_units"]) != (parsed["lead_units"], parsed["coop_units"]):
        found.append(TaskChange(CHANGE_UNITS, old.id, record.no, record.text, old.no, corrected=old.corrected))
    return found


def _place_tasks(session: Session, stored: list[_StoredTask], matches: dict[int, int],
                 candidates: list[_StoredTask], new_ids: list[int], doomed: set[int]) -> None:
    """Positions in the new version's order; a kept task that is not in it (left the notice, or
    added by hand) stays after the task it followed."""
    new_index = {candidates[i].id: j for i, j in matches.items()}
    order: list[tuple[int, int, int, int]] = [(j, 0, 0, task_id) for j, task_id in enumerate(new_ids)]
    anchor, follower = -1, 0
    for task in stored:
        if task.id in new_index:
            anchor, follower = new_index[task.id], 0
        elif task.id not in doomed:
            follower += 1
            order.append((anchor, 1, follower, task.id))
    order.sort()
    session.execute(update(Task.__table__).where(Task.__table__.c.id == bindparam("task")),
                    [{"task": task_id, "position": position} for position, (*_, task_id) in enumerate(order)])


def set_task_units(session: Session, fields_by_task: dict[int, dict], unit_kind: UnitKind = _default_unit_kind,
                   replace: bool = True) -> None:
    """Set the unit links of the given tasks to their ``lead_units``/``coop_units`` (none if empty);
    ``replace`` removes their old links first."""
    if not fields_by_task:
        return
    for chunk in _chunks(list(fields_by_task) if replace else []):
        session.execute(delete(TaskUnit).where(TaskUnit.task_id.in_(chunk)))
    names = {n for fields in fields_by_task.values()
             for n in (*fields.get("lead_units", ()), *fields.get("coop_units", ()))}
    ids = unit_ids(session, names, unit_kind)
    links = []
    for task_id, fields in fields_by_task.items():
        for role, units in (("lead", fields.get("lead_units", ())), ("coop", fields.get("coop_units", ()))):
            for order, name in enumerate(dict.fromkeys(units)):
                links.append({"task_id": task_id, "unit_id": ids[name], "role": role, "order": order})
    _insert_rows(session, TaskUnit.__table__, links)


@dataclass
class FileImportResult:
    path: str
    outcome: ImportOutcome | None = None
    error: str | None = None
    stopped: bool = False  # the store failed (disk full …): this file and the rest were not imported
    stop_reason: str = ""  # why, for a stopped batch (「磁盘已满」)


# A batch stops at the first store failure (a full disk fails every later file too); the message
# says which files are in the store and which are not.
BATCH_STOPPED = "导入在“{name}”处停止：{failure}；已导入 {done} 个文件{done_names}，未导入 {left} 个{left_names}"
NOT_IMPORTED = "无法导入文件“{name}”：导入已停止（{reason}），未导入"
MAX_NAMES_LISTED = 20


def _listed_names(paths: list[str]) -> str:
    names = [printable_name(Path(p).name) for p in paths[:MAX_NAMES_LISTED]]
    more = f"等 {len(paths)} 个" if len(paths) > MAX_NAMES_LISTED else ""
    return f"（{'、'.join(names)}{more}）" if names else ""


def store_failure_reason(exc: BaseException) -> str:
    """A Chinese reason for a store write that failed (「磁盘已满」)."""
    return os_error_reason(exc) if isinstance(exc, OSError) else database_error_reason(exc)


def stop_batch(db: Database, results: list[FileImportResult], failed: str, remaining: list[str],
               reason: str) -> list[FileImportResult]:
    """The results for a batch stopped at ``failed`` by a store failure (``reason``): ``failed`` carries
    a one-line message naming the files imported before it (in ``results``) and those not imported
    (it and ``remaining``), and each of ``remaining`` says it was not imported."""
    done = [r.path for r in results if r.outcome is not None]
    left = [failed, *remaining]
    message = BATCH_STOPPED.format(name=printable_name(Path(failed).name),
                                   failure=DatabaseFailedError(db.url, reason), done=len(done),
                                   done_names=_listed_names(done), left=len(left), left_names=_listed_names(left))
    return [FileImportResult(failed, error=message, stopped=True, stop_reason=reason),
            *(FileImportResult(p, error=NOT_IMPORTED.format(name=printable_name(Path(p).name), reason=reason),
                               stopped=True, stop_reason=reason) for p in remaining)]


def import_files(db: Database, paths, progress: Callable[[int, int, str], None] | None = None,
                 unit_kind: UnitKind = _default_unit_kind) -> list[FileImportResult]:
    """Extract and store each file; a failing file is reported and leaves nothing behind.

    A failure of the store itself (disk full, I/O error) stops the batch: the files already
    committed stay, and the message lists them and the files not imported (``stop_batch``).
    """
    from gzviewer.parse.pipeline import extract_file

    results: list[FileImportResult] = []
    paths = list(paths)
    for index, path in enumerate(paths):
        if progress is not None:
            progress(index, len(paths), str(path))
        extracted = None
        try:
            extracted = extract_file(path)
            results.append(FileImportResult(str(path), outcome=import_extracted(db, extracted, unit_kind)))
        except GzviewerError as exc:
            results.append(FileImportResult(str(path), error=str(exc)))
        except (SQLAlchemyError, OSError) as exc:  # the store failed (disk full, I/O error): stop here
            if extracted is None:
                raise
            results += stop_batch(db, results, str(path), [str(p) for p in paths[index + 1:]],
                                  store_failure_reason(exc))
            break
    if progress is not None:
        progress(len(paths), len(paths), "")
    return results

"""Benchmark data: large stores made from the sample documents.

Large stores are made by importing the samples once through the real importer and then
copying their rows in SQL under new titles, so that 1,000 documents or 100,000 tasks take
seconds to prepare instead of minutes; the copies are ordinary rows the app cannot tell apart.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text

from gzviewer.paths import samples_dir
from gzviewer.store.database import Database, open_database
from gzviewer.store.importer import import_files
from gzviewer.store.models import Document, Task

_DOCUMENT_COLUMNS = ("kind, issuer, speaker, meeting, level, year, date, doc_number, source_name, format, text")


def sample_paths() -> list[Path]:
    return sorted(samples_dir().glob("*.txt"))


def open_store(path: Path) -> Database:
    return open_database(f"sqlite:///{path}")


def import_samples(db: Database) -> None:
    results = import_files(db, sample_paths())
    failures = [r.error for r in results if r.error]
    if failures:
        raise RuntimeError("；".join(failures))


def _copy_document(session, source_id: int, copy_no: int) -> int:
    new_id = session.execute(text(
        f"INSERT INTO document (title, content_hash, {_DOCUMENT_COLUMNS}) "
        f"SELECT title || '（副本' || :n || '）', content_hash || '-' || :n, {_DOCUMENT_COLUMNS} "
        "FROM document WHERE id = :src RETURNING id"), {"n": copy_no, "src": source_id}).scalar_one()
    return new_id


def _copy_sentences(session, source_id: int, new_id: int) -> None:
    session.execute(text(
        "INSERT INTO sentence (document_id, position, paragraph, start, \"end\", text) "
        "SELECT :new, position, paragraph, start, \"end\", text FROM sentence WHERE document_id = :src"),
        {"new": new_id, "src": source_id})
    session.execute(text(
        "INSERT INTO search_index (tokens, document_id, sentence_id) "
        "SELECT f.tokens, :new, s2.id FROM search_index f JOIN sentence s1 ON s1.id = f.sentence_id "
        "JOIN sentence s2 ON s2.document_id = :new AND s2.position = s1.position WHERE f.document_id = :src"),
        {"new": new_id, "src": source_id})


def _copy_tasks(session, source_id: int, new_id: int) -> None:
    session.execute(text(
        "INSERT INTO task (document_id, position, no, section, category, text, leader, deadline, remark, start, "
        "lead_names, coop_names) SELECT :new, position, no, section, category, text, leader, deadline, remark, "
        "start, lead_names, coop_names FROM task WHERE document_id = :src"), {"new": new_id, "src": source_id})
    session.execute(text(
        "INSERT INTO task_unit (task_id, unit_id, role, \"order\") SELECT t2.id, tu.unit_id, tu.role, tu.\"order\" "
        "FROM task_unit tu JOIN task t1 ON t1.id = tu.task_id "
        "JOIN task t2 ON t2.document_id = :new AND t2.no = t1.no WHERE t1.document_id = :src"),
        {"new": new_id, "src": source_id})


def replicate(db: Database, min_documents: int = 0, min_tasks: int = 0) -> None:
    """Copy the stored documents until there are ``min_documents`` documents and ``min_tasks`` tasks."""
    with db.session() as session:
        sources = list(session.scalars(select(Document.id).order_by(Document.id)))
        task_source = session.scalar(select(Task.document_id).group_by(Task.document_id)
                                     .order_by(func.count().desc()).limit(1))
        copy_no = 0
        while session.scalar(select(func.count()).select_from(Document)) < min_documents:
            copy_no += 1
            for source_id in sources:
                new_id = _copy_document(session, source_id, copy_no)
                _copy_sentences(session, source_id, new_id)
        while task_source is not None and session.scalar(select(func.count()).select_from(Task)) < min_tasks:
            copy_no += 1
            new_id = _copy_document(session, task_source, copy_no)
            _copy_tasks(session, task_source, new_id)

"""A small store for the reliability tests: one task-assignment document with numbered tasks."""

from __future__ import annotations

from sqlalchemy import select

from gzviewer.store.database import Database
from gzviewer.store.importer import import_extracted
from gzviewer.store.models import Task


def seed_tasks(db: Database, count: int = 40) -> list[int]:
    """Store a synthetic assignment notice with ``count`` tasks led by 市科技局; their ids."""
    from gzviewer.parse.pipeline import content_hash
    from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TaskRecord
    from gzviewer.parse.sentences import split_sentences

    tasks = [TaskRecord(no=i, section="一、测试", category=None, text=f"任务{i}。", leader=None,
                        lead_units=["市科技局"]) for i in range(1, count + 1)]
    text = "测试分工。"
    import_extracted(db, ExtractedDocument("t.txt", "txt", content_hash(text),
                                           DocumentMeta(title="可靠性测试分工", kind="task_assignment"), text,
                                           sentences=split_sentences(text), tasks=tasks))
    with db.session() as session:
        return list(session.scalars(select(Task.id).order_by(Task.no)))

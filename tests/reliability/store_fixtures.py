"""Small stores for the reliability tests: one task-assignment document with numbered tasks, and a
store made by the first released schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, select

from gzviewer.store.database import Database, _alembic_config
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


FIRST_RELEASED_REVISION = "0001"


def first_release_store(path: Path) -> None:
    """A store made by the first released schema (0001), holding one task with a review."""
    engine = create_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, FIRST_RELEASED_REVISION)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO document (id, title, kind, source_name, format, content_hash, text) "
                     "VALUES (1, '旧版分工', 'task_assignment', 'old.txt', 'txt', 'h1', '正文')")
        conn.execute("INSERT INTO task (id, document_id, position, no, text, start, lead_names, coop_names) "
                     "VALUES (7, 1, 0, 1, '推进科技创新。', -1, '市科技局', '')")
        conn.execute("INSERT INTO review (task_id, status, progress, note, revision) "
                     "VALUES (7, '推进中', '已完成立项', '旧库中的备注', 3)")
    conn.close()

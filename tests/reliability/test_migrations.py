"""A database made by the first released schema is upgraded with its reviews intact, after a backup."""

from __future__ import annotations

import sqlite3

from alembic import command
from sqlalchemy import create_engine, select

from gzviewer.store.database import _alembic_config, open_database
from gzviewer.store.models import Review, Task

FIRST_RELEASED_REVISION = "0001"


def _make_first_release_database(path) -> None:
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


def test_first_release_database_upgrades_with_reviews_intact_and_a_backup(tmp_path):
    path = tmp_path / "gzviewer.sqlite3"
    _make_first_release_database(path)
    db = open_database(f"sqlite:///{path}")
    assert db.backup_path is not None and db.backup_path.exists()
    with sqlite3.connect(db.backup_path) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == FIRST_RELEASED_REVISION
        assert backup.execute("SELECT progress FROM review").fetchone()[0] == "已完成立项"
    with db.session() as session:
        review = session.scalar(select(Review).where(Review.task_id == 7))
        assert (review.status, review.progress, review.note, review.revision) == ("推进中", "已完成立项",
                                                                                  "旧库中的备注", 3)
        assert session.get(Task, 7).text == "推进科技创新。"
    db.dispose()
    reopened = open_database(f"sqlite:///{path}")
    assert reopened.backup_path is None  # already current: no second backup
    reopened.dispose()

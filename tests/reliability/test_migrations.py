"""A database made by the first released schema is upgraded with its reviews intact, after a backup."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from gzviewer.store.database import open_database
from gzviewer.store.models import Review, Task
from tests.reliability.store_fixtures import FIRST_RELEASED_REVISION, first_release_store


def test_first_release_database_upgrades_with_reviews_intact_and_a_backup(tmp_path):
    path = tmp_path / "gzviewer.sqlite3"
    first_release_store(path)
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

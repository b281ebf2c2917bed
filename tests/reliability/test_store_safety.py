"""The store under accidents: killed mid-upgrade, backups in the same second, its file deleted or
moved while open, another program's SQLite file passed as --db, undo over a newer value."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from gzviewer.cli import main
from gzviewer.errors import GzviewerError
from gzviewer.store import database as database_module
from gzviewer.store.database import (
    DatabaseFailedError,
    DatabaseOpenError,
    _backup,
    _script_head_from_text,
    open_database,
)
from gzviewer.store.models import Review
from gzviewer.store.queries import ReviewChangedError, save_review
from tests.reliability.store_fixtures import FIRST_RELEASED_REVISION, first_release_store, seed_tasks

KILL_AFTER_STEPS = (1, 2, 4)  # 0001→0002 done; 0002→0003 done; 0004→0005 done (before the commit)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    return names


def _version(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    return version


# A child process opens the store and kills itself with SIGKILL right after the n-th migration
# step is recorded, inside the upgrade's transaction.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from alembic.runtime import migration
    from gzviewer.store.database import open_database

    kill_after = int(sys.argv[2])
    original = migration.HeadMaintainer.update_to_step
    steps = []

    def update_to_step(self, step):
        original(self, step)
        steps.append(step)
        if len(steps) == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    migration.HeadMaintainer.update_to_step = update_to_step
    open_database("sqlite:///" + sys.argv[1])
    print("not killed")
""")


@pytest.mark.parametrize("kill_after", KILL_AFTER_STEPS)
def test_a_kill_during_the_upgrade_leaves_a_store_that_opens(tmp_path, kill_after):
    path = tmp_path / "gzviewer.sqlite3"
    first_release_store(path)
    tables_before = _tables(path)
    child = subprocess.run([sys.executable, "-c", KILLER, str(path), str(kill_after)], capture_output=True,
                           text=True, timeout=120, cwd=Path(__file__).parents[2])
    assert child.returncode == -signal.SIGKILL, child.stderr
    # Nothing of the interrupted upgrade is visible: same revision, same tables.
    assert _version(path) == FIRST_RELEASED_REVISION
    assert _tables(path) == tables_before
    backups = list(tmp_path.glob("gzviewer.sqlite3.0001.*.bak"))
    assert len(backups) == 1
    clean = backups[0].read_bytes()
    db = open_database(f"sqlite:///{path}")
    try:
        # The next start backs up again under its own name; the clean backup is kept as it was.
        assert db.backup_path is not None and db.backup_path != backups[0]
        assert backups[0].read_bytes() == clean
        assert _version(backups[0]) == FIRST_RELEASED_REVISION and _tables(backups[0]) == tables_before
        with db.session() as session:
            review = session.scalar(select(Review).where(Review.task_id == 7))
            assert (review.status, review.progress, review.note, review.revision) == \
                ("推进中", "已完成立项", "旧库中的备注", 3)
    finally:
        db.dispose()
    assert _version(path) == _script_head_from_text()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_failed_upgrade_changes_nothing_and_names_the_backup(tmp_path, monkeypatch):
    from alembic.runtime import migration

    path = tmp_path / "gzviewer.sqlite3"
    first_release_store(path)
    tables_before = _tables(path)
    original = migration.HeadMaintainer.update_to_step
    steps = []

    def failing(self, step):
        original(self, step)
        steps.append(step)
        if len(steps) == 3:
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migration.HeadMaintainer, "update_to_step", failing)
    with pytest.raises(DatabaseOpenError) as failure:
        open_database(f"sqlite:///{path}")
    message = str(failure.value)
    backups = list(tmp_path.glob("gzviewer.sqlite3.0001.*.bak"))
    assert len(backups) == 1 and backups[0].name in message and "数据库保持原样" in message
    assert "\n" not in message
    assert _version(path) == FIRST_RELEASED_REVISION and _tables(path) == tables_before
    monkeypatch.setattr(migration.HeadMaintainer, "update_to_step", original)
    db = open_database(f"sqlite:///{path}")
    assert db.backup_path is not None and backups[0].exists()
    db.dispose()
    assert _version(path) == _script_head_from_text()


def test_two_backups_in_the_same_second_are_both_kept(tmp_path, monkeypatch):
    path = tmp_path / "gzviewer.sqlite3"
    path.write_bytes(b"first state")

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 6, 30, 9, 0, 0, 0)

    monkeypatch.setattr(database_module, "datetime", FrozenClock)
    first = _backup(path, "0004")
    path.write_bytes(b"second state, longer")
    second = _backup(path, "0004")
    assert first != second
    assert first.read_bytes() == b"first state" and second.read_bytes() == b"second state, longer"
    # The same state again: the existing backup is reused, not overwritten or duplicated.
    assert _backup(path, "0004") == second
    assert len(list(tmp_path.glob("*.bak"))) == 2


@pytest.mark.parametrize("accident", ["deleted", "moved", "replaced"])
def test_a_store_whose_file_went_away_refuses_the_next_edit(tmp_path, accident):
    path = tmp_path / "gzviewer.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        task_ids = seed_tasks(db, 3)
        with db.session() as session:
            save_review(session, task_ids[0], progress="打开时写入")
        if accident == "deleted":
            path.unlink()
        elif accident == "moved":
            path.rename(tmp_path / "elsewhere.sqlite3")
        else:
            copy = tmp_path / "copy.sqlite3"
            shutil.copy(path, copy)
            os.replace(copy, path)
        with pytest.raises(DatabaseFailedError) as failure, db.session() as session:
            save_review(session, task_ids[1], progress="文件不在时写入")
        assert "已被删除、移走或替换" in str(failure.value) and "修改未保存" in str(failure.value)
    finally:
        db.dispose()


def test_the_check_also_stops_a_commit_when_the_file_goes_during_the_work(tmp_path):
    path = tmp_path / "gzviewer.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        task_ids = seed_tasks(db, 2)
        with pytest.raises(DatabaseFailedError), db.session() as session:
            save_review(session, task_ids[0], progress="写到一半文件被移走")
            path.rename(tmp_path / "moved.sqlite3")
        (tmp_path / "moved.sqlite3").rename(path)  # put back: the same file again, nothing was committed
        with db.session() as session:
            assert session.scalar(select(Review).where(Review.task_id == task_ids[0])) is None
    finally:
        db.dispose()


def _foreign_sqlite(path: Path) -> bytes:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO contacts (name) VALUES ('张三')")
    conn.close()
    return path.read_bytes()


def test_another_programs_sqlite_file_is_refused_and_left_unchanged(tmp_path, capsys):
    path = tmp_path / "contacts.db"
    before = _foreign_sqlite(path)
    with pytest.raises(DatabaseOpenError) as failure:
        open_database(f"sqlite:///{path}")
    assert "其他程序" in str(failure.value)
    assert main(["--db", f"sqlite:///{path}", "list"]) == 1
    error = capsys.readouterr().err
    assert error.count("错误：") == 1 and "其他程序" in error
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.db"]  # no -wal, no backup
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_an_empty_sqlite_file_and_a_gzviewer_store_still_open(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    open_database(f"sqlite:///{empty}").dispose()
    assert "document" in _tables(empty)
    open_database(f"sqlite:///{empty}").dispose()  # now a gzviewer store


def test_save_with_an_expected_revision_refuses_a_moved_review(database):
    task_id = seed_tasks(database, 1)[0]
    with database.session() as session:
        revision = save_review(session, task_id, progress="本窗口写入").revision
    with database.session() as session:
        save_review(session, task_id, progress="另一个窗口写入")
    with pytest.raises(ReviewChangedError) as failure, database.session() as session:
        save_review(session, task_id, progress="撤销", expected_revision=revision)
    assert isinstance(failure.value, GzviewerError) and "别处" in str(failure.value)
    with database.session() as session:
        assert session.scalar(select(Review.progress).where(Review.task_id == task_id)) == "另一个窗口写入"

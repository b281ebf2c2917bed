"""Due dates read from the deadline text and kept in step; history of reviews and corrections."""

from __future__ import annotations

import json
import sqlite3

from alembic import command
from sqlalchemy import create_engine, select

from gzviewer.cli import main
from gzviewer.services.task_edits import edit_task
from gzviewer.store.database import _alembic_config, open_database
from gzviewer.store.history import SOURCE_CLI, SOURCE_EDIT, SOURCE_WINDOW, ChangeSource, task_history
from gzviewer.store.models import Task
from gzviewer.store.queries import (
    DUE_OVERDUE,
    DUE_SOON,
    TaskFilter,
    fetch_tasks,
    fetch_tasks_by_ids,
    save_review,
)


def test_a_corrected_deadline_gives_the_due_date_and_is_in_the_history(store_004, capsys):
    db = store_004
    with db.session() as session:
        edit_task(session, 1, deadline="2021年6月底前")
        edit_task(session, 2, deadline="长期坚持")
        edit_task(session, 3, deadline="三季度", lead_units=["市发展改革委"])
    with db.session() as session:
        one, two, three = fetch_tasks_by_ids(session, [1, 2, 3])
        assert (one.deadline, one.due_date) == ("2021年6月底前", "2021-06-30")
        assert (two.deadline, two.due_date) == ("长期坚持", None)
        assert three.due_date == "2021-09-30" and three.shown_due == "三季度"
        entries = [(e.field, e.old, e.new, e.source) for e in task_history(session, 3)]
    assert ("lead_units", "市科技局", "市发展改革委", SOURCE_EDIT) in entries
    assert ("deadline", None, "三季度", SOURCE_EDIT) in entries
    capsys.readouterr()
    assert main(["--db", db.url, "tasks", "--json"]) == 0
    rows = {t["id"]: t for t in json.loads(capsys.readouterr().out)}
    assert (rows[1]["deadline"], rows[1]["due_date"], rows[1]["ongoing"]) == ("2021年6月底前", "2021-06-30", False)
    assert (rows[2]["due_date"], rows[2]["ongoing"]) == (None, True)
    assert rows[4]["due_date"] is None and rows[4]["deadline"] is None


def test_due_filters_use_the_read_date_and_the_soon_days_setting(store_004):
    from datetime import date

    db = store_004
    with db.session() as session:
        edit_task(session, 1, deadline="2021年6月底前")
        edit_task(session, 2, deadline="7月15日前")
    with db.session() as session:
        today = date(2021, 7, 1)
        overdue = fetch_tasks(session, TaskFilter(due=DUE_OVERDUE, today=today))
        assert [t.id for t in overdue] == [1]
        assert fetch_tasks(session, TaskFilter(due=DUE_SOON, today=today)) == []
        assert [t.id for t in fetch_tasks(session, TaskFilter(due=DUE_SOON, today=today, soon_days=14))] == [2]
        save_review(session, 1, status="已完成", source=ChangeSource(SOURCE_WINDOW, user="王五"))
        assert fetch_tasks(session, TaskFilter(due=DUE_OVERDUE, today=today)) == []
        done = task_history(session, 1)[-1]
    assert (done.field, done.new, done.source, done.user) == ("status", "已完成", SOURCE_WINDOW, "王五")
    assert done.at is not None  # 办结 records its date


def test_review_history_old_values_and_user_from_the_environment(store_004, monkeypatch):
    monkeypatch.setenv("GZVIEWER_USER", "督查员甲")
    assert main(["--db", store_004.url, "review", "5", "--status", "推进中", "--progress", "已立项"]) == 0
    assert main(["--db", store_004.url, "review", "5", "--progress", "已开工"]) == 0
    assert main(["--db", store_004.url, "review", "5", "--progress", "已开工"]) == 0  # no change: no entry
    with store_004.session() as session:
        entries = [(e.field, e.old, e.new, e.source, e.user) for e in task_history(session, 5)]
    assert entries == [("status", "未开始", "推进中", SOURCE_CLI, "督查员甲"),
                       ("progress", None, "已立项", SOURCE_CLI, "督查员甲"),
                       ("progress", "已立项", "已开工", SOURCE_CLI, "督查员甲")]


def test_migration_0007_reads_the_due_dates_of_existing_tasks(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO document (id, title, kind, source_name, format, content_hash, text, year) "
                     "VALUES (1, '分工', 'task_assignment', 'a.txt', 'txt', 'h1', '正文', 2022)")
        conn.execute("INSERT INTO task (id, document_id, position, no, text, start, lead_names, coop_names, deadline) "
                     "VALUES (1, 1, 0, 1, '推进。', -1, '市科技局', '', '年底前')")
        conn.execute("INSERT INTO review (task_id, status, progress, note, revision) VALUES (1, '推进中', '旧', '', 2)")
    db = open_database(f"sqlite:///{path}")
    with db.session() as session:
        task = session.scalar(select(Task).where(Task.id == 1))
        assert (task.due_on, task.due_from) == ("2022-12-31", "2022|年底前")
        assert fetch_tasks_by_ids(session, [1])[0].progress == "旧"
    db.dispose()

"""100,000 tasks: the table holds ids only and fetches rows in pages; no per-row widgets."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import insert

from gzviewer.store.database import open_database
from gzviewer.store.models import Document, Task, TaskUnit, Unit
from gzviewer.store.queries import ROLE_ALL, ROLE_LEAD, TaskFilter, count_tasks
from gzviewer.ui.models.tasks import CACHE_LIMIT, PAGE_SIZE

TASKS = 100_000
UNITS = 200
SECTIONS = 25


def bulk_store(url: str) -> None:
    """A store with one assignment table of TASKS tasks spread over UNITS units (SQLAlchemy core inserts)."""
    database = open_database(url)
    with database.engine.begin() as connection:
        document_id = connection.execute(insert(Document).returning(Document.id), [{
            "title": "大规模任务分工测试", "kind": "task_assignment", "year": 2021, "source_name": "bulk.txt",
            "format": "txt", "content_hash": "bulk", "text": "大规模任务分工测试"}]).scalar_one()
        names = [f"测试单位{i:03d}" for i in range(UNITS)]
        unit_ids = list(connection.execute(insert(Unit).returning(Unit.id, sort_by_parameter_order=True),
                                           [{"name": n, "kind": "市直部门"} for n in names]).scalars())
        connection.execute(insert(Task), [{
            "document_id": document_id, "position": i, "no": i + 1, "section": f"第{i % SECTIONS + 1}部分",
            "text": f"第{i + 1}项重点工作：推进重点项目建设", "leader": f"领导{i % 10}", "start": -1,
            "lead_names": names[i % UNITS], "coop_names": names[(i * 7 + 1) % UNITS]} for i in range(TASKS)])
        task_ids = range(1, TASKS + 1)
        connection.execute(insert(TaskUnit), [
            row for i, task_id in enumerate(task_ids) for row in (
                {"task_id": task_id, "unit_id": unit_ids[i % UNITS], "role": "lead", "order": 0},
                {"task_id": task_id, "unit_id": unit_ids[(i * 7 + 1) % UNITS], "role": "coop", "order": 0})])
    database.dispose()


@pytest.fixture(scope="module")
def bulk_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("bulk") / "bulk.sqlite3"
    bulk_store(f"sqlite:///{path}")
    return path


def test_unit_filter_on_100000_tasks_fetches_pages_only(qtbot, make_window, bulk_template, tmp_path):
    import shutil

    url = f"sqlite:///{shutil.copy(bulk_template, tmp_path / 'bulk.sqlite3')}"
    window = make_window(url, import_samples=False)
    tab = window.tasks_tab
    model = tab.model
    window.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    assert model.rowCount() == TASKS
    assert "100000" in tab.count_label.text()
    assert model.rows_fetched <= 2 * PAGE_SIZE  # only what the view painted

    unit = "测试单位007"
    tab.set_unit(unit, ROLE_ALL)
    QApplication.processEvents()
    with window.database.session() as session:
        expected = count_tasks(session, TaskFilter(unit=unit, role=ROLE_ALL))
        lead = count_tasks(session, TaskFilter(unit=unit, role=ROLE_LEAD))
    assert model.rowCount() == expected and expected > PAGE_SIZE
    assert str(expected) in tab.count_label.text()
    assert model.rows_fetched <= 2 * PAGE_SIZE < expected
    tab.set_unit(unit, ROLE_LEAD)
    QApplication.processEvents()
    assert model.rowCount() == lead

    tab.set_unit("", ROLE_ALL)
    tab.view.scrollToBottom()
    QApplication.processEvents()
    assert model.cached_rows <= CACHE_LIMIT < TASKS
    assert model.rows_fetched <= 3 * PAGE_SIZE
    assert tab.view.viewport().findChildren(QWidget) == []  # no per-row (or open editor) widgets
    top = tab.view.rowAt(0)
    assert all(tab.view.indexWidget(model.index(top + r, c)) is None for r in range(20) for c in range(8))

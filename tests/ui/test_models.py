"""The Qt models on their own (no window), checked with pytest-qt's qtmodeltester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gzviewer.store.database import open_database
from gzviewer.store.queries import (
    ROLE_LEAD,
    TargetFilter,
    TaskFilter,
    count_tasks,
    document_outline,
    fetch_targets,
    list_documents,
    unit_summaries,
)
from gzviewer.ui.models.library import LibraryModel
from gzviewer.ui.models.outline import OutlineEntry, OutlineModel
from gzviewer.ui.models.roles import ID_ROLE, LOCATION_ROLE, SEARCH_WORDS_ROLE
from gzviewer.ui.models.targets import TargetTableModel, format_value
from gzviewer.ui.models.tasks import COL_STATUS, COL_TEXT, PAGE_SIZE, TaskTableModel, normalize_review_value
from gzviewer.ui.models.units import COL_LEAD, COL_NAME, COL_RATE, UnitSummaryModel


@pytest.fixture
def seeded(seeded_db_url):
    database = open_database(seeded_db_url)
    yield database
    database.dispose()


def test_task_model_passes_the_model_tester(qtmodeltester, seeded):
    model = TaskTableModel(seeded)
    model.set_filter(TaskFilter(unit="市科技局", role=ROLE_LEAD))
    qtmodeltester.check(model)
    model.set_filter(TaskFilter())
    qtmodeltester.check(model)


def test_task_model_rows_follow_the_sql_filter_and_order(seeded):
    model = TaskTableModel(seeded)
    task_filter = TaskFilter(unit="市科技局", role=ROLE_LEAD)
    model.set_filter(task_filter)
    with seeded.session() as session:
        assert model.rowCount() == count_tasks(session, task_filter)
    numbers = [int(model.index(r, 0).data()) for r in range(model.rowCount())]
    assert numbers == sorted(numbers)
    assert all("市科技局" in model.index(r, 3).data() for r in range(model.rowCount()))
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [int(model.index(r, 0).data()) for r in range(model.rowCount())] == sorted(numbers, reverse=True)


def test_task_model_fetches_a_page_around_the_requested_row(seeded):
    model = TaskTableModel(seeded)
    model.set_filter(TaskFilter())
    total = model.rowCount()
    assert total > PAGE_SIZE
    assert model.rows_fetched == 0  # only ids so far
    assert model.index(0, COL_TEXT).data()
    assert model.rows_fetched == PAGE_SIZE
    assert model.index(total - 1, COL_TEXT).data()
    assert model.rows_fetched < total + PAGE_SIZE
    assert model.index(5, 0).data(ID_ROLE) == model.task_ids[5]


def test_task_model_offers_search_words_only_in_the_text_column(seeded):
    model = TaskTableModel(seeded)
    model.set_filter(TaskFilter(search_words=("科技", "创新")))
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        text = model.index(row, COL_TEXT).data()
        assert "科技" in text and "创新" in text
    assert model.index(0, COL_TEXT).data(SEARCH_WORDS_ROLE) == ["科技", "创新"]
    assert model.index(0, COL_STATUS).data(SEARCH_WORDS_ROLE) == []


def test_task_model_edits_save_at_once_without_an_undo_stack(seeded):
    model = TaskTableModel(seeded)
    model.set_filter(TaskFilter())
    index = model.index(0, COL_STATUS)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, COL_TEXT)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "推进中")
    assert not model.setData(index, "不存在的状态")
    with seeded.session() as session:
        assert count_tasks(session, TaskFilter(status="推进中")) == 1


def test_review_values_are_normalised():
    assert normalize_review_value("due_date", "2021-06-30") == "2021-06-30"
    assert normalize_review_value("due_date", "") is None
    assert normalize_review_value("progress", "已完成初稿  ") == "已完成初稿"
    with pytest.raises(ValueError):
        normalize_review_value("due_date", "下月底")
    with pytest.raises(ValueError):
        normalize_review_value("status", "完成了")


def test_target_model(qtmodeltester, seeded):
    with seeded.session() as session:
        rows = fetch_targets(session, TargetFilter())
    model = TargetTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows)
    document_id, start, end = model.index(0, 0).data(LOCATION_ROLE)
    assert (document_id, start, end) == (rows[0].document_id, rows[0].start, rows[0].end)
    assert format_value(2.5, None) == "2.5" and format_value(6.0, None) == "6" and format_value(5, 6) == "5～6"


def test_unit_model(qtmodeltester, seeded):
    with seeded.session() as session:
        summaries = unit_summaries(session)
    model = UnitSummaryModel()
    model.set_summaries(summaries)
    qtmodeltester.check(model)
    row = next(r for r in range(model.rowCount()) if model.index(r, COL_NAME).data() == "市科技局")
    assert model.index(row, COL_LEAD).data() == "16"
    assert model.index(row, COL_RATE).data() == "0%"


def test_library_and_outline_models(qtmodeltester, seeded):
    with seeded.session() as session:
        documents = list_documents(session)
        headings = document_outline(session, documents[0].id)
    library = LibraryModel()
    library.set_documents(documents)
    qtmodeltester.check(library)
    for document in documents:
        index = library.index_of_document(document.id)
        assert index is not None and index.data() == document.title
    outline = OutlineModel()
    outline.set_outline(documents[0].id, [OutlineEntry(h.id, h.parent_id, h.level, h.label, h.title, h.start)
                                          for h in headings])
    qtmodeltester.check(outline)
    top_level = [h for h in headings if h.parent_id is None]
    assert outline.rowCount() == len(top_level)

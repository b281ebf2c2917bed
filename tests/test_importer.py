"""The import pipeline into the store: atomic, idempotent, keeps reviews."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TaskRecord
from gzviewer.store.importer import (
    STATUS_NEW,
    STATUS_UNCHANGED,
    STATUS_UPDATED,
    import_extracted,
    import_files,
)
from gzviewer.store.models import Document, Review, Task, Unit
from gzviewer.store.queries import TaskFilter, count_tasks, fetch_tasks, save_review
from gzviewer.store.search import search_sentences
from tests.conftest import SAMPLES


def _document(text: str, tasks: list[TaskRecord]) -> ExtractedDocument:
    from gzviewer.parse.pipeline import content_hash
    from gzviewer.parse.sentences import split_sentences

    return ExtractedDocument(source_name="t.txt", format="txt", content_hash=content_hash(text),
                             meta=DocumentMeta(title="测试分工", kind="task_assignment"), text=text,
                             sentences=split_sentences(text), tasks=tasks)


def _task(no: int, text: str, lead: str, coop: list[str] | None = None) -> TaskRecord:
    return TaskRecord(no=no, section="一、测试", category=None, text=text, leader="张三", lead_units=[lead],
                      coop_units=coop or [])


def test_reimporting_identical_content_is_a_no_op(database):
    doc = _document("推进科技创新。", [_task(1, "推进科技创新。", "市科技局")])
    first = import_extracted(database, doc)
    second = import_extracted(database, doc)
    assert (first.status, second.status) == (STATUS_NEW, STATUS_UNCHANGED)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_a_changed_version_keeps_reviews(database):
    tasks = [_task(1, "推进科技创新。", "市科技局"), _task(2, "建设地铁。", "市交通运输局", ["市财政局"])]
    first = import_extracted(database, _document("版本一。", tasks))
    with database.session() as session:
        task_id = session.scalar(select(Task.id).where(Task.no == 1))
        vanished_id = session.scalar(select(Task.id).where(Task.no == 2))
        save_review(session, task_id, status="推进中", progress="已完成立项")
        save_review(session, vanished_id, status="滞后")
    changed = [replace(tasks[0], text="加快推进科技创新。")]
    second = import_extracted(database, _document("版本二。", changed))
    assert second.status == STATUS_UPDATED and second.document_id == first.document_id
    with database.session() as session:
        review = session.scalar(select(Review).where(Review.task_id == task_id))
        assert (review.status, review.progress) == ("推进中", "已完成立项")
        assert session.get(Task, task_id).text == "加快推进科技创新。"
        # The task that vanished keeps its review rather than losing the user's work.
        assert session.scalar(select(Review.status).where(Review.task_id == vanished_id)) == "滞后"


def test_unit_filters_by_role(database):
    tasks = [_task(1, "甲。", "市科技局", ["市财政局"]), _task(2, "乙。", "市财政局", ["市科技局"]),
             _task(3, "丙。", "市财政局")]
    import_extracted(database, _document("甲。乙。丙。", tasks))
    with database.session() as session:
        assert count_tasks(session, TaskFilter(unit="市科技局", role="lead")) == 1
        assert count_tasks(session, TaskFilter(unit="市科技局", role="coop")) == 1
        assert count_tasks(session, TaskFilter(unit="市科技局", role="all")) == 2
        assert count_tasks(session, TaskFilter(status="未开始")) == 3
        rows = fetch_tasks(session, TaskFilter(unit="市财政局", role="lead"))
        assert [r.no for r in rows] == [2, 3]
        assert session.scalar(select(func.count()).select_from(Unit)) == 2


def test_search_index_finds_chinese_words(database):
    import_extracted(database, _document("加快建设5G基站和数据中心。推进地铁建设。", []))
    with database.session() as session:
        hits = search_sentences(session, "数据中心 基站")
    assert [h.text for h in hits] == ["加快建设5G基站和数据中心。"]


def test_seeds_import_twice_leave_five_documents(database):
    paths = sorted(SAMPLES.glob("*.txt"))
    assert len(paths) == 5
    first = import_files(database, paths)
    second = import_files(database, paths)
    assert all(r.error is None for r in first + second)
    assert {r.outcome.status for r in second} == {STATUS_UNCHANGED}
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 5


def test_failed_files_leave_the_database_unchanged(database, tmp_path):
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    corrupt = tmp_path / "损坏.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    results = import_files(database, [empty, binary, corrupt])
    assert all(r.error and "\n" not in r.error for r in results)
    assert all(p.name in r.error for p, r in zip([empty, binary, corrupt], results, strict=True))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0

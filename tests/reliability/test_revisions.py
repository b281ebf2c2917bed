"""Nothing lost, nothing moved: reviews stay with their task through revisions of a notice, an
unrelated file never replaces a stored document, a replaced version can be restored, and a copy
with decoding damage never overwrites a clean text.

The revisions are made from seed 004 the way an issuing office makes them (``notice_variants``):
a task inserted at no. 1 (every number moves), tasks dropped. Every case goes through the
``gzviewer`` command as an officer would run it, and the store is read back to check.
"""

from __future__ import annotations

import openpyxl
from sqlalchemy import func, select

from gzviewer.cli import main
from gzviewer.export import export_tasks
from gzviewer.export.ledger import HEADER_ID, HEADER_PROGRESS
from gzviewer.export.progress_import import import_progress
from gzviewer.parse.pipeline import extract_file
from gzviewer.store.models import Document, DocumentVersion, Review, Task
from gzviewer.store.queries import TaskFilter, fetch_tasks, save_review
from tests.conftest import seed_path
from tests.reliability.notice_variants import (
    damaged_gb18030_copy,
    drop_task,
    insert_task,
    task_table_workbook,
)

INSERTED = "加快建设量子科技创新平台，推进量子计算研究院组建工作。"


def _review_every_task(database) -> dict[int, str]:
    """Give every task a review naming its own text; task id → that text."""
    with database.session() as session:
        tasks = fetch_tasks(session, TaskFilter())
        for task in tasks:
            save_review(session, task.id, status="推进中", progress=f"审阅：{task.text}")
    return {t.id: t.text for t in tasks}


def _reviews(database) -> dict[int, tuple[str, str, int, bool]]:
    """Task id → (review progress, task text, number, in the notice) of every reviewed task."""
    with database.session() as session:
        rows = session.execute(select(Task.id, Review.progress, Task.text, Task.no, Task.in_notice)
                               .join(Review, Review.task_id == Task.id)).all()
    return {task_id: (progress, text, no, in_notice) for task_id, progress, text, no, in_notice in rows}


def test_a_task_inserted_at_no_1_keeps_every_review_on_its_own_task(store_004, tmp_path, capsys):
    reviewed = _review_every_task(store_004)
    assert len(reviewed) == 280
    revised = tmp_path / seed_path("004").name
    insert_task(seed_path("004"), revised, 0, INSERTED, "王 东", "市科技局")
    capsys.readouterr()
    assert main(["--db", store_004.url, "import", str(revised)]) == 0
    out = capsys.readouterr().out
    assert "已更新为新版本" in out and "已更新（保留审阅记录）" not in out
    assert "新增任务 1 项" in out and f"第 1 项：{INSERTED[:30]}" in out
    assert "序号变化 280 项" in out
    reviews = _reviews(store_004)
    assert set(reviews) == set(reviewed)  # not one review lost or added
    for task_id, (progress, text, no, in_notice) in reviews.items():
        assert progress == f"审阅：{text}" == f"审阅：{reviewed[task_id]}"  # on its own task
        assert in_notice and no >= 2
    with store_004.session() as session:
        first = fetch_tasks(session, TaskFilter())[0]
    assert (first.no, first.text, first.progress) == (1, INSERTED, "")


def test_a_returned_sheet_never_lands_on_the_task_that_took_its_number(store_004, tmp_path):
    with store_004.session() as session:
        document_id = session.scalar(select(Document.id))
        export_tasks(session, TaskFilter(document_id=document_id, unit="市科技局", role="lead"),
                     tmp_path / "科技局.xlsx")
        target = fetch_tasks(session, TaskFilter(document_id=document_id, unit="市科技局", role="lead"))[0]
    workbook = openpyxl.load_workbook(tmp_path / "科技局.xlsx")
    sheet = workbook.worksheets[0]
    header_row = next(row for row in sheet.iter_rows() if any(c.value == HEADER_ID for c in row))
    columns = {c.value: c.column for c in header_row}
    for row in range(header_row[0].row + 1, sheet.max_row + 1):
        key = sheet.cell(row, columns[HEADER_ID]).value
        if key and str(key).startswith(f"{target.id}-"):
            sheet.cell(row, columns[HEADER_PROGRESS]).value = "已完成选址"
    workbook.save(tmp_path / "科技局.xlsx")
    revised = tmp_path / seed_path("004").name
    insert_task(seed_path("004"), revised, 0, INSERTED, "王 东", "市科技局")
    assert main(["--db", store_004.url, "import", str(revised)]) == 0
    with store_004.session() as session:
        report = import_progress(session, tmp_path / "科技局.xlsx")
    assert all(change.task_id == target.id for change in report.changes)
    progress = {task_id: p for task_id, (p, *_rest) in _reviews(store_004).items()}
    assert set(progress) <= {target.id}  # applied to its own task, or refused: never to task no. 1
    assert progress.get(target.id, "已完成选址") == "已完成选址"
    assert report.changes or report.rejected


def test_tasks_that_leave_the_notice_keep_their_reviews_marked_no_longer_in_it(store_004, tmp_path, capsys):
    with store_004.session() as session:
        tasks = fetch_tasks(session, TaskFilter())
        save_review(session, tasks[9].id, status="滞后", progress="等待用地批复")
    dropped_once, revised = tmp_path / "once.txt", tmp_path / seed_path("004").name
    drop_task(seed_path("004"), dropped_once, 30)  # never reviewed: simply gone
    drop_task(dropped_once, revised, 9)  # reviewed: kept
    capsys.readouterr()
    assert main(["--db", store_004.url, "import", str(revised)]) == 0
    out = capsys.readouterr().out
    assert "已不在通知中 2 项（有审阅记录或更正的 1 项保留" in out
    with store_004.session() as session:
        kept = fetch_tasks(session, TaskFilter(task_ids=(tasks[9].id,)))
        assert session.get(Task, tasks[30].id) is None
        assert session.scalar(select(func.count()).select_from(Task).where(Task.in_notice.is_(True))) == 278
    assert len(kept) == 1 and not kept[0].in_notice
    assert (kept[0].text, kept[0].status, kept[0].progress) == (tasks[9].text, "滞后", "等待用地批复")
    assert main(["--db", store_004.url, "tasks", "--status", "滞后"]) == 0
    assert f"【已不在通知中】{tasks[9].text}" in capsys.readouterr().out


def test_the_same_titled_tables_of_two_districts_are_two_documents(database, tmp_path):
    tasks = extract_file(seed_path("004")).tasks
    first, second = tmp_path / "越秀区" / "重点工作责任分工.xlsx", tmp_path / "海珠区" / "重点工作责任分工.xlsx"
    task_table_workbook(first, [(i, t.text, t.leader or "", "、".join(t.lead_units), "、".join(t.coop_units))
                                for i, t in enumerate(tasks[:20], 1)])
    task_table_workbook(second, [(i, t.text, t.leader or "", "、".join(t.lead_units), "、".join(t.coop_units))
                                 for i, t in enumerate(tasks[100:120], 1)])
    assert extract_file(first).meta.title == extract_file(second).meta.title
    assert main(["--db", database.url, "import", str(first)]) == 0
    with database.session() as session:
        task = fetch_tasks(session, TaskFilter())[0]
        save_review(session, task.id, progress="越秀区的进展")
    assert main(["--db", database.url, "import", str(second)]) == 0
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 2
        assert session.scalar(select(func.count()).select_from(DocumentVersion)) == 0
        assert session.scalar(select(func.count()).select_from(Task)) == 40
    assert _reviews(database)[task.id][:2] == ("越秀区的进展", task.text)


def test_two_texts_whose_first_line_is_fujian_are_two_documents(database, tmp_path):
    first, second = tmp_path / "甲" / "附件.txt", tmp_path / "乙" / "附件.txt"
    for path, prefix in ((first, "002"), (second, "003")):
        path.parent.mkdir()
        path.write_text("附件\n\n" + seed_path(prefix).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--db", database.url, "import", str(first), str(second)]) == 0
    with database.session() as session:
        stored = session.execute(select(Document.title, Document.text)).all()
        assert session.scalar(select(func.count()).select_from(DocumentVersion)) == 0
    assert len(stored) == 2
    assert {text for _title, text in stored} == {extract_file(first).text, extract_file(second).text}


def test_a_replaced_version_is_kept_and_can_be_restored(store_004, tmp_path, capsys):
    reviewed = _review_every_task(store_004)
    with store_004.session() as session:
        document = session.scalars(select(Document)).one()
        original_hash, document_id = document.content_hash, document.id
    revised = tmp_path / seed_path("004").name
    insert_task(seed_path("004"), revised, 0, INSERTED, "王 东", "市科技局")
    assert main(["--db", store_004.url, "import", str(revised)]) == 0
    capsys.readouterr()
    assert main(["--db", store_004.url, "versions", str(document_id)]) == 0
    listing = capsys.readouterr().out
    assert "当前版本" in listing and "任务 281 项" in listing and "任务 280 项" in listing
    with store_004.session() as session:
        version_id = session.scalars(select(DocumentVersion.id)).one()
    assert main(["--db", store_004.url, "restore", str(version_id)]) == 0
    assert "已不在通知中 1 项" in capsys.readouterr().out  # the inserted task, never reviewed: gone
    with store_004.session() as session:
        document = session.get(Document, document_id)
        assert document.content_hash == original_hash
        assert [v.text for v in session.scalars(select(DocumentVersion))] == [extract_file(revised).text]
        numbers = [t.no for t in fetch_tasks(session, TaskFilter())]
    assert numbers == list(range(1, 281))
    reviews = _reviews(store_004)
    assert {task_id: progress for task_id, (progress, *_r) in reviews.items()} == \
        {task_id: f"审阅：{text}" for task_id, text in reviewed.items()}


def test_a_copy_with_decoding_damage_never_replaces_the_clean_text(database, tmp_path, capsys):
    clean = seed_path("000")
    assert main(["--db", database.url, "import", str(clean)]) == 0
    with database.session() as session:
        before = session.execute(select(Document.id, Document.content_hash, Document.text)).all()
    damaged = tmp_path / clean.name
    damaged_gb18030_copy(clean, damaged, 41)
    assert extract_file(damaged).text.count("\ufffd") >= 41
    capsys.readouterr()
    assert main(["--db", database.url, "import", str(damaged)]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and clean.name in error and "编码损坏" in error
    with database.session() as session:
        assert session.execute(select(Document.id, Document.content_hash, Document.text)).all() == before
        assert session.scalar(select(func.count()).select_from(DocumentVersion)) == 0

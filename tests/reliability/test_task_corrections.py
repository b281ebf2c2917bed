"""Corrections by hand (services.task_edits): kept across a re-import of the notice, and used by
the unit filter, the unit statistics and the exported per-unit sheets; every edit can be undone.

The notice is seed 004, re-imported as a revision with a task inserted at no. 1, so a correction
must follow its task to its new number.
"""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import select

from gzviewer.cli import main
from gzviewer.export import export_tasks
from gzviewer.parse.pipeline import content_hash
from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TaskRecord
from gzviewer.parse.sentences import split_sentences
from gzviewer.services.task_edits import (
    TaskEditError,
    add_task,
    delete_task,
    edit_task,
    merge_tasks,
    restore_task,
    split_task,
    undo_edit,
)
from gzviewer.store.importer import import_extracted, import_files
from gzviewer.store.models import Document, Task
from gzviewer.store.queries import ROLE_LEAD, TaskFilter, fetch_tasks, save_review, unit_summaries
from gzviewer.store.unit_membership import unit_task_ids
from tests.conftest import seed_path
from tests.reliability.notice_variants import insert_task

INSERTED = "加快建设量子科技创新平台，推进量子计算研究院组建工作。"


def _revise(database, tmp_path):
    revised = tmp_path / seed_path("004").name
    insert_task(seed_path("004"), revised, 0, INSERTED, "王 东", "市科技局")
    [result] = import_files(database, [revised])
    assert result.error is None
    return result.outcome


def _task(session, task_id):
    return fetch_tasks(session, TaskFilter(task_ids=(task_id,)))[0]


def test_corrected_units_are_kept_over_a_reimport_and_used_by_filter_statistics_and_export(store_004, tmp_path):
    with store_004.session() as session:
        original = fetch_tasks(session, TaskFilter(unit="市科技局", role=ROLE_LEAD))[0]
        leading_before = {u.name: u.lead for u in unit_summaries(session)}["市民政局"]
        edit = edit_task(session, original.id, lead_units="市民政局", coop_units="市发改委、市财政局")
    assert edit.task_ids == [original.id]
    outcome = _revise(store_004, tmp_path)
    assert outcome.changes.corrections_kept == 1
    with store_004.session() as session:
        task = _task(session, original.id)
        assert (task.no, task.text, task.corrected) == (original.no + 1, original.text, True)
        assert (task.lead_units, task.coop_units) == ("市民政局", "市发展改革委、市财政局")  # alias made canonical
        assert original.id in unit_task_ids(session, "市民政局", ROLE_LEAD)
        assert original.id not in unit_task_ids(session, "市科技局", ROLE_LEAD)
        assert original.id in {t.id for t in fetch_tasks(session, TaskFilter(unit="市民政局", role=ROLE_LEAD))}
        assert original.id not in {t.id for t in fetch_tasks(session, TaskFilter(unit="市科技局", role=ROLE_LEAD))}
        assert original.id in {t.id for t in fetch_tasks(session, TaskFilter(unit="市发展改革委", role="coop"))}
        assert {u.name: u.lead for u in unit_summaries(session)}["市民政局"] == leading_before + 1
        document_id = session.scalar(select(Document.id))
        export_tasks(session, TaskFilter(document_id=document_id), tmp_path / "分工.xlsx", per_unit=True)
    workbook = openpyxl.load_workbook(tmp_path / "分工.xlsx")
    sheets_with_task = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"
                        and any(original.text == c for row in ws.iter_rows(values_only=True) for c in row)]
    assert "市民政局" in sheets_with_task and "市科技局" not in sheets_with_task


def test_an_edit_can_be_undone_but_never_over_a_later_change(store_004):
    with store_004.session() as session:
        original = fetch_tasks(session, TaskFilter())[4]
        edit = edit_task(session, original.id, text="改写后的任务内容。", leader="", deadline="2026-06-30")
        assert (_task(session, original.id).text, _task(session, original.id).leader) == ("改写后的任务内容。", None)
        undo_edit(session, edit)
        again = _task(session, original.id)
        assert (again.text, again.leader, again.corrected) == (original.text, original.leader, False)
        edit = edit_task(session, original.id, lead_units="市民政局")
        edit_task(session, original.id, lead_units="市商务局")  # a later change of the same task
        with pytest.raises(TaskEditError):
            undo_edit(session, edit)
        assert _task(session, original.id).lead_units == "市商务局"


def _notice(title_text: str, texts: list[tuple[str, str]]) -> ExtractedDocument:
    tasks = [TaskRecord(no=i, section="一、测试", category=None, text=text, leader="张三", lead_units=[lead])
             for i, (text, lead) in enumerate(texts, 1)]
    return ExtractedDocument("分工.txt", "txt", content_hash(title_text), DocumentMeta(title="测试分工",
                             kind="task_assignment"), title_text, sentences=split_sentences(title_text), tasks=tasks)


TASKS = [("推进科技创新平台建设。", "市科技局"), ("建设地铁十号线和十二号线。", "市交通运输局"),
         ("推进老旧小区改造。", "市住房城乡建设局"), ("完善养老服务体系。", "市民政局"),
         ("扩大对外贸易规模。", "市商务局")]


def test_split_merge_delete_and_add_are_kept_over_a_reimport(database):
    first = import_extracted(database, _notice("测试分工。第一版。", TASKS))
    with database.session() as session:
        ids = [t.id for t in fetch_tasks(session, TaskFilter())]
        save_review(session, ids[3], progress="养老进展")
        split = split_task(session, ids[1], ["建设地铁十号线。", "建设地铁十二号线。"])
        merge = merge_tasks(session, [ids[2], ids[3]])
        delete_task(session, ids[4])
        added = add_task(session, first.document_id, "新增的手工任务。", lead_units="市财政局")
    revised = [("新插入的第一项任务内容。", "市发展改革委"), *TASKS]
    second = import_extracted(database, _notice("测试分工。第二版。", revised))
    assert second.document_id == first.document_id and len(second.changes.added) == 1
    with database.session() as session:
        rows = fetch_tasks(session, TaskFilter())
        shown = [(t.no, t.text, t.lead_units) for t in rows]
        assert shown == [
            (1, "新插入的第一项任务内容。", "市发展改革委"),
            (2, "推进科技创新平台建设。", "市科技局"),
            (3, "建设地铁十号线。", "市交通运输局"),
            (2, "建设地铁十二号线。", "市交通运输局"),  # the split-off part keeps its number at the split
            (4, "推进老旧小区改造。完善养老服务体系。", "市住房城乡建设局、市民政局"),
            (len(TASKS) + 1, "新增的手工任务。", "市财政局"),
        ]
        assert split.created and merge.task_ids == [ids[2]] and added.created
        assert session.get(Task, ids[3]).deleted and session.get(Task, ids[4]).deleted  # hidden, not back
        assert unit_task_ids(session, "市商务局") == frozenset()
        restore_task(session, ids[4])
        assert _task(session, ids[4]).text == "扩大对外贸易规模。"
        assert ids[4] in unit_task_ids(session, "市商务局")
        with pytest.raises(TaskEditError):
            split_task(session, ids[0], ["只有一段。"])


def test_the_task_command_corrects_a_task_by_its_number(store_004, capsys):
    with store_004.session() as session:
        task = fetch_tasks(session, TaskFilter())[6]
    assert main(["--db", store_004.url, "task", "edit", str(task.no), "--doc", "责任分工", "--lead", "市民政局",
                 "--coop", ""]) == 0
    assert f"修改第 {task.no} 项任务" in capsys.readouterr().out
    assert main(["--db", store_004.url, "tasks", "--lead", "市民政局"]) == 0
    out = capsys.readouterr().out
    assert f"【已更正】{task.text}" in out and "共 8 项任务" in out  # 市民政局 led 7
    assert main(["--db", store_004.url, "task", "edit", "99999", "--text", "无"]) == 1
    assert "找不到任务" in capsys.readouterr().err

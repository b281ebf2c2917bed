"""Export of 10,000 tasks to the styled workbook versus openpyxl writing the same values plainly."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from bench.fixtures import import_samples, open_store, replicate
from bench.runner import Row, ratio_row
from gzviewer.export.tasks_xlsx import export_tasks
from gzviewer.store.queries import TaskFilter, fetch_tasks

FULL_TASKS = 10_000
QUICK_TASKS = 3_000


def _plain_write(rows, path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("任务")
    sheet.append(["序号", "重点工作", "分管领导", "牵头单位", "配合单位", "状态", "进展情况", "备注"])
    for r in rows:
        sheet.append([r.no, r.text, r.leader, r.lead_units, r.coop_units, r.status, r.progress, r.note])
    workbook.save(path)


def export_rows(quick: bool) -> list[Row]:
    tasks = QUICK_TASKS if quick else FULL_TASKS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_store(folder / "export.sqlite3")
        import_samples(db)
        replicate(db, min_tasks=tasks)
        with db.session() as session:
            rows = fetch_tasks(session, TaskFilter())
            start = time.perf_counter()
            _plain_write(rows, folder / "plain.xlsx")
            floor = time.perf_counter() - start
            start = time.perf_counter()
            export_tasks(session, TaskFilter(), folder / "styled.xlsx")
            value = time.perf_counter() - start
        db.dispose()
    return [ratio_row(f"导出：{len(rows)} 项任务（带格式）", value, floor, 1.5, note="对比：openpyxl 只写模式无格式")]

"""Start-up, unit filter and memory of the real window.

Start-up and memory run in child processes (``python -m bench.gui_child``) so that nothing this
process has already imported or cached helps them; the bare PySide6 program used as the start-up
floor is measured by the same child, the same way.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.fixtures import import_samples, open_store, replicate
from bench.runner import Row, absolute_row, ratio_row
from gzviewer.store.queries import TaskFilter, fetch_tasks, unit_summaries

FULL_TASKS = 100_000
QUICK_TASKS = 20_000
STARTUP_RUNS = {True: 3, False: 7}
FILTER_RUNS = {True: 5, False: 11}


def _child_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["GZVIEWER_DATA_DIR"] = str(data_dir)  # its own settings file and jieba cache
    env.pop("GZVIEWER_DB", None)
    return env


def run_child(mode: str, db_path: Path | None, data_dir: Path, *extra: str) -> tuple[float, dict]:
    """Wall time from starting the child process to its report line, and the report itself."""
    args = [sys.executable, "-m", "bench.gui_child", mode, str(db_path or ""), *extra]
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors, subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=errors, env=_child_env(data_dir), text=True,
            cwd=Path(__file__).resolve().parent.parent) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - start
        child.stdout.read()
        child.wait()
        if child.returncode != 0 or not line.startswith("{"):
            errors.seek(0)
            last = (errors.read().strip().splitlines() or [""])[-1]
            raise RuntimeError(f"子进程 {mode} 失败（退出码 {child.returncode}）：{line.strip() or last}")
    return elapsed, json.loads(line)


def _prepared_store(folder: Path, tasks: int = 0) -> Path:
    path = folder / f"gui-{tasks}.sqlite3"
    db = open_store(path)
    import_samples(db)
    if tasks:
        replicate(db, min_tasks=tasks)
    db.dispose()
    return path


def startup_rows(quick: bool) -> list[Row]:
    runs = STARTUP_RUNS[quick]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = _prepared_store(folder)
        run_child("app", db_path, folder)  # first start: settings file, jieba cache, OS file cache
        run_child("bare", None, folder)
        bare_times, app_times = [], []
        for _ in range(runs):  # alternated, so that a busy moment of the machine hits both
            bare_times.append(run_child("bare", None, folder)[0])
            elapsed, report = run_child("app", db_path, folder)
            app_times.append(elapsed)
        floor, value = statistics.median(bare_times), statistics.median(app_times)
    heavy = [name for name in report["heavy_modules"]]
    note = f"对比：空 QMainWindow+QTableView；中位数/{runs} 次；首次绘制时已载入：{'、'.join(heavy) or '无重型模块'}"
    return [ratio_row("启动：样例库主窗口绘制", value, floor, 2.5, note=note)]


def _filter_floor(rows, unit_names: list[str], runs: int) -> float:
    """A plain list comprehension over the same rows already in memory."""
    pairs = [(r.id, frozenset(r.lead_units.split("、")) | frozenset(r.coop_units.split("、"))) for r in rows]
    times = []
    for i in range(runs):
        unit = unit_names[i % len(unit_names)]
        gc.collect()
        start = time.perf_counter()
        chosen = [task_id for task_id, units in pairs if unit in units]
        times.append(time.perf_counter() - start)
        assert chosen
    return statistics.median(times)


class _PaintCounter:
    """Counts the paint events of one widget (the table's viewport)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self._filter = Filter(widget)
        widget.installEventFilter(self._filter)


def _filter_value(db_path: Path, unit_names: list[str]) -> tuple[float, int]:
    """Choose each unit once in the real tasks tab; the time until the table has been repainted.

    Every unit is chosen for the first time (none of its ids is cached by the model); the
    first choice only warms SQLite's page cache and is not counted.
    """
    from PySide6.QtWidgets import QApplication

    from gzviewer.app import create_main_window

    window = create_main_window(f"sqlite:///{db_path}", import_samples=False)
    window.tabs.setCurrentWidget(window.tasks_tab)
    window.show()
    app = QApplication.instance()
    window.warm_up_search()  # now, rather than during the measurements (it is due 1.5 s after start)
    window.runner.wait()
    for _ in range(3):
        app.processEvents()
    tab = window.tasks_tab
    paints = _PaintCounter(tab.view.viewport())
    times, shown = [], 0
    for i, unit in enumerate(unit_names):
        gc.collect()
        start = time.perf_counter()
        painted = paints.count
        tab.unit_filter.set_unit(unit)
        while paints.count == painted:
            app.processEvents()
        if i:
            times.append(time.perf_counter() - start)
        shown = tab.model.rowCount()
        assert shown and tab.model.task_filter.unit == unit
    window.close()
    window.deleteLater()
    app.processEvents()
    return statistics.median(times), shown


def filter_rows(quick: bool) -> list[Row]:
    tasks = QUICK_TASKS if quick else FULL_TASKS
    runs = FILTER_RUNS[quick]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["GZVIEWER_DATA_DIR"] = str(folder)
        db_path = _prepared_store(folder, tasks)
        db = open_store(db_path)
        with db.session() as session:
            rows = fetch_tasks(session, TaskFilter())
            unit_names = [u.name for u in unit_summaries(session)[:runs + 1]]  # most lead tasks first
        db.dispose()
        floor = _filter_floor(rows, unit_names[1:], runs)
        del rows
        value, shown = _filter_value(db_path, unit_names)
    note = f"对比：内存中列表推导；中位数/{runs} 个单位（各首次选择）；最后一个显示 {shown} 项"
    return [ratio_row(f"筛选：{tasks // 1000}k 项任务按单位", value * 1000, floor * 1000, 3.0, unit="ms",
                      max_value=50, note=note)]


def memory_rows(quick: bool) -> list[Row]:
    tasks = QUICK_TASKS if quick else FULL_TASKS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = _prepared_store(folder, tasks)
        _, report = run_child("memory", db_path, folder)
    return [absolute_row(f"内存：{tasks // 1000}k 项任务、主窗口打开", report["peak_rss_mb"], 400, "MB",
                         note=f"峰值常驻内存，子进程，{report['rows']} 行已滚动到底；"
                              f"搜索分词{'已' if 'jieba' in report['heavy_modules'] else '未'}载入")]

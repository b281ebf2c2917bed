"""Start-up, unit filter and memory of the real window.

Start-up and memory run in child processes (``python -m bench.gui_child``) so that nothing this
process has already imported or cached helps them; the bare PySide6 program used as the start-up
floor is measured by the same child, the same way.
"""

from __future__ import annotations

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


def filter_rows(quick: bool) -> list[Row]:
    """The unit filter of the real tasks tab against a list comprehension, both in one child process."""
    tasks = QUICK_TASKS if quick else FULL_TASKS
    runs = FILTER_RUNS[quick]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = _prepared_store(folder, tasks)
        _, report = run_child("filter", db_path, folder, str(runs))
    note = (f"对比：内存中列表推导；中位数/{runs} 个单位（各首次选择，与基准交替）；"
            f"最后一个显示 {report['shown']} 项")
    return [ratio_row(f"筛选：{tasks // 1000}k 项任务按单位", report["value_ms"], report["floor_ms"], 3.0,
                      unit="ms", max_value=50, note=note)]


def memory_rows(quick: bool) -> list[Row]:
    tasks = QUICK_TASKS if quick else FULL_TASKS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = _prepared_store(folder, tasks)
        _, report = run_child("memory", db_path, folder)
    return [absolute_row(f"内存：{tasks // 1000}k 项任务、主窗口打开", report["peak_rss_mb"], 400, "MB",
                         note=f"峰值常驻内存，子进程，{report['rows']} 行已滚动到底；"
                              f"搜索分词{'已' if 'jieba' in report['heavy_modules'] else '未'}载入")]

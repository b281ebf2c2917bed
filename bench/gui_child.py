"""Child process of the GUI benchmarks: ``python -m bench.gui_child MODE DB_PATH``.

MODE ``bare``: an empty QMainWindow with a QTableView (the start-up floor).
MODE ``app``: the real start-up (the ``gzviewer gui --db URL`` entry point) on the store at DB_PATH.
MODE ``memory``: the real window on DB_PATH with the tasks tab shown and scrolled to the end.
MODE ``filter``: choose RUNS+1 units in the real tasks tab of DB_PATH, each after the list
comprehension that is its floor (the first choice only warms SQLite's page cache).

Each prints one JSON line once the window has been painted, then exits at once (tear-down is
not part of start-up). Imports are inside the functions so that both modes pay for their own.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time

HEAVY_MODULES = ("jieba", "openpyxl", "rapidfuzz", "pdfplumber", "docx", "bs4", "lxml", "cn2an", "alembic")


def _heavy_loaded() -> list[str]:
    return [name for name in HEAVY_MODULES if name in sys.modules]


def _watch_first_paint(window, extra, delay_ms: int = 0) -> None:
    """Print the report ``delay_ms`` after ``window``'s first paint event, then leave."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint and watched is window:
                window.removeEventFilter(self)
                QTimer.singleShot(delay_ms, finish)  # after this paint (and its children's) is done
            return False

    def finish() -> None:
        print(json.dumps({"heavy_modules": _heavy_loaded(), **extra()}), flush=True)
        os._exit(0)

    window.installEventFilter(FirstPaint(window))


def _report_after_paint(app, window, extra, delay_ms: int = 0) -> None:
    _watch_first_paint(window, extra, delay_ms)
    window.show()
    app.exec()


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView(window))
    window.resize(1440, 900)
    _report_after_paint(app, window, dict)


def app(db_path: str) -> None:
    import importlib

    from gzviewer.cli import main as gzviewer_main  # what the ``gzviewer`` command imports first

    app_module = importlib.import_module("gzviewer.app")

    create_main_window = app_module.create_main_window

    def create_and_watch(*args, **kwargs):
        window = create_main_window(*args, **kwargs)
        _watch_first_paint(window, dict)
        return window

    app_module.create_main_window = create_and_watch
    gzviewer_main(["gui", "--db", f"sqlite:///{db_path}"])


def _peak_rss_kib() -> int:
    """This program's peak resident memory.

    VmHWM belongs to the program started by exec; ``ru_maxrss`` keeps the peak of the process
    before exec on Linux, so a child of a big benchmark process would report the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


def memory(db_path: str) -> None:
    from gzviewer.app import SEARCH_WARM_UP_DELAY_MS, _application, create_main_window

    qt_app = _application()
    window = create_main_window(f"sqlite:///{db_path}", import_samples=False)
    window.tabs.setCurrentWidget(window.tasks_tab)

    def extra() -> dict:
        window.runner.wait()  # the search warm-up (jieba, started after the delay) belongs to the open window
        view = window.tasks_tab.view
        view.scrollToBottom()  # the rows at the end are fetched too
        view.viewport().repaint()
        qt_app.processEvents()
        return {"peak_rss_mb": _peak_rss_kib() / 1024, "rows": window.tasks_tab.model.rowCount()}

    _report_after_paint(qt_app, window, extra, delay_ms=SEARCH_WARM_UP_DELAY_MS + 500)


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


def _floor_seconds(pairs: list[tuple[int, frozenset[str]]], unit: str) -> float:
    """A plain list comprehension over the rows already in memory."""
    start = time.perf_counter()
    chosen = [task_id for task_id, units in pairs if unit in units]
    elapsed = time.perf_counter() - start
    assert chosen
    return elapsed


def filter_times(db_path: str, runs: int) -> None:
    """Each unit chosen once (none of its ids is cached by the model), until the table has repainted."""
    from gzviewer.app import _application, create_main_window
    from gzviewer.store.queries import TaskFilter, fetch_tasks, unit_summaries

    qt_app = _application()
    window = create_main_window(f"sqlite:///{db_path}", import_samples=False)
    with window.database.session() as session:
        rows = fetch_tasks(session, TaskFilter())
        unit_names = [u.name for u in unit_summaries(session)[:runs + 1]]  # most lead tasks first
    pairs = [(r.id, frozenset(r.lead_units.split("、")) | frozenset(r.coop_units.split("、"))) for r in rows]
    del rows
    window.tabs.setCurrentWidget(window.tasks_tab)
    window.show()
    window.warm_up_search()  # now, rather than during the measurements (it is due 1.5 s after start)
    window.runner.wait()
    for _ in range(3):
        qt_app.processEvents()
    tab = window.tasks_tab
    paints = _PaintCounter(tab.view.viewport())
    floors, values = [], []
    for i, unit in enumerate(unit_names):
        gc.collect()
        floor = _floor_seconds(pairs, unit)
        gc.collect()
        start = time.perf_counter()
        painted = paints.count
        tab.unit_filter.set_unit(unit)
        while paints.count == painted:
            qt_app.processEvents()
        elapsed = time.perf_counter() - start
        assert tab.model.rowCount() and tab.model.task_filter.unit == unit
        if i:
            floors.append(floor)
            values.append(elapsed)
    print(json.dumps({"value_ms": statistics.median(values) * 1000, "floor_ms": statistics.median(floors) * 1000,
                      "shown": tab.model.rowCount()}), flush=True)
    os._exit(0)


def main() -> None:
    mode, db_path = sys.argv[1], sys.argv[2]
    if mode == "bare":
        bare()
    elif mode == "app":
        app(db_path)
    elif mode == "memory":
        memory(db_path)
    elif mode == "filter":
        filter_times(db_path, int(sys.argv[3]))
    else:
        raise SystemExit(f"未知模式：{mode}")


if __name__ == "__main__":
    main()

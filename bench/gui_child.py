"""Child process of the GUI benchmarks: ``python -m bench.gui_child MODE DB_PATH``.

MODE ``bare``: an empty QMainWindow with a QTableView (the start-up floor).
MODE ``app``: the real start-up (the ``gzviewer gui --db URL`` entry point) on the store at DB_PATH.
MODE ``memory``: the real window on DB_PATH with the tasks tab shown and scrolled to the end.

Each prints one JSON line once the window has been painted, then exits at once (tear-down is
not part of start-up). Imports are inside the functions so that both modes pay for their own.
"""

from __future__ import annotations

import json
import os
import sys

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


def main() -> None:
    mode, db_path = sys.argv[1], sys.argv[2]
    if mode == "bare":
        bare()
    elif mode == "app":
        app(db_path)
    elif mode == "memory":
        memory(db_path)
    else:
        raise SystemExit(f"未知模式：{mode}")


if __name__ == "__main__":
    main()

"""Make docs/screenshot.png: the app on the bundled samples at 1440×900.

Run under a virtual display, e.g.::

    xvfb-run -s "-screen 0 1440x900x24" .venv/bin/python docs/screenshot.py

It uses a temporary data folder and store (first start: the samples are imported), opens the
first work report, finds a phrase in it and filters the tasks tab by the unit that leads the
most tasks (or ``--unit``). With ``--draft`` it makes docs/screenshot-draft.png instead: the
district report drafted into a task table on the 关联分析 tab, one candidate shown in the text.
With ``--editor`` it makes docs/task_editor.png at 1366×768 (run with ``-screen 0 1366x768x24``):
a task of the notice with many cooperating units selected in the tasks tab, its lead unit
corrected in the detail panel below the table. With ``--fit`` the window sizes itself to the
screen (as on a first start) and shows the same task; the image is docs/screen-WxH.png for the
virtual screen's size (run with ``-screen 0 1366x768x24`` and ``-screen 0 1440x900x24``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "screenshot.png"
DRAFT_OUTPUT = Path(__file__).resolve().parent / "screenshot-draft.png"
EDITOR_OUTPUT = Path(__file__).resolve().parent / "task_editor.png"
EDITOR_SIZE = (1366, 768)
DRAFT_ROW = 5
DRAFT_SPLITTER_SIZES = [200, 380, 860]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", help="unit to filter the tasks tab by (default: most lead tasks)")
    parser.add_argument("--find", default="5G基站", help="text to find in the report")
    parser.add_argument("--draft", action="store_true", help="show a drafted task table instead")
    parser.add_argument("--editor", action="store_true", help="show the task detail panel at 1366×768 instead")
    parser.add_argument("--fit", action="store_true",
                        help="let the window size itself to the screen and show the task detail panel")
    parser.add_argument("--output")
    args = parser.parse_args()
    args.output = args.output or str(EDITOR_OUTPUT if args.editor else DRAFT_OUTPUT if args.draft else OUTPUT)
    folder = tempfile.mkdtemp(prefix="gzviewer-shot-")
    os.environ["GZVIEWER_DATA_DIR"] = folder

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gzviewer.app import create_main_window

    _app = QApplication(sys.argv[:1])  # kept alive until the end
    window = create_main_window(f"sqlite:///{Path(folder) / 'gzviewer.sqlite3'}")
    loop = QEventLoop()
    window.samplesImported.connect(loop.quit)
    if args.fit:
        size = _app.primaryScreen().size()
        args.output = str(Path(__file__).resolve().parent / f"screen-{size.width()}x{size.height()}.png")
    else:
        window.resize(*(EDITOR_SIZE if args.editor else (1440, 900)))
    window.show()
    if window.importer.running:
        loop.exec()
    if args.editor or args.fit:
        _show_editor(window)
    elif args.draft:
        _show_draft(window)
    else:
        _show_tasks(window, args)
    done = QEventLoop()
    QTimer.singleShot(800, done.quit)
    done.exec()
    window.grab().save(args.output)
    print(args.output)
    window.close()
    window.database.dispose()
    return 0


def _show_draft(window) -> None:
    """The district report (a work report that names a 区) drafted on the links tab's draft page."""
    from PySide6.QtCore import QEventLoop, QTimer

    from gzviewer.ui.models.roles import LOCATION_ROLE

    report = next(d for d in window.library.model.documents if d.kind == "work_report" and "区" in d.title)
    window.main_splitter.setSizes(DRAFT_SPLITTER_SIZES)  # room for the table's unit columns
    window.tabs.setCurrentWidget(window.links_tab)
    pane = window.links_tab.pages.widget(window.links_tab.pages.count() - 1)
    window.links_tab.pages.setCurrentWidget(pane)
    pane.select_report(report.id)
    pane.draft()
    while pane.drafting:
        wait = QEventLoop()
        QTimer.singleShot(50, wait.quit)
        wait.exec()
    index = pane.proxy.index(DRAFT_ROW, 0)
    pane.view.selectRow(DRAFT_ROW)
    document_id, start, end = index.data(LOCATION_ROLE)
    window.show_location(document_id, [(start, end)])


def _show_editor(window) -> None:
    """The notice's task with the most cooperating units, its lead unit corrected in the panel."""
    tab = window.tasks_tab
    window.tabs.setCurrentWidget(tab)
    model = tab.model
    rows = [model.task_at(r) for r in range(model.rowCount())]
    task = max(rows, key=lambda t: (len(t.coop_units.split("、")) if t.coop_units else 0, len(t.text)))
    tab.select_task(task.id)
    tab.detail.lead_edit.setText(f"{task.lead_units}、市财政局")
    tab.detail.save_correction()
    tab.detail.progress_edit.setPlainText("已完成方案编制，报市政府审定；\n正在开展项目招标。")


def _show_tasks(window, args) -> None:
    from gzviewer.store.queries import ROLE_LEAD

    report = next(d for d in window.library.model.documents if d.kind == "work_report")
    window.library.select_document(report.id)
    window.tabs.setCurrentWidget(window.tasks_tab)
    if args.unit:
        unit = args.unit
    else:
        window.units_tab.reload()
        unit = max(window.units_tab.model.summaries, key=lambda s: s.lead).name
    window.tasks_tab.set_unit(unit, ROLE_LEAD)
    window.tasks_tab.unit_filter.lineEdit().deselect()
    window.document_pane.open_find()
    window.document_pane.find_bar.edit.setText(args.find)


if __name__ == "__main__":
    sys.exit(main())

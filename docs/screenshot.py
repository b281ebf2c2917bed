"""Make docs/screenshot.png: the app on the bundled samples at 1440×900.

Run under a virtual display, e.g.::

    xvfb-run -s "-screen 0 1440x900x24" .venv/bin/python docs/screenshot.py

It uses a temporary data folder and store (first start: the samples are imported), opens the
first work report, finds a phrase in it and filters the tasks tab by the unit that leads the
most tasks (or ``--unit``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "screenshot.png"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", help="unit to filter the tasks tab by (default: most lead tasks)")
    parser.add_argument("--find", default="5G基站", help="text to find in the report")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="gzviewer-shot-")
    os.environ["GZVIEWER_DATA_DIR"] = folder

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gzviewer.app import create_main_window
    from gzviewer.store.queries import ROLE_LEAD

    _app = QApplication(sys.argv[:1])  # kept alive until the end
    window = create_main_window(f"sqlite:///{Path(folder) / 'gzviewer.sqlite3'}")
    loop = QEventLoop()
    window.samplesImported.connect(loop.quit)
    window.resize(1440, 900)
    window.show()
    if window.importer.running:
        loop.exec()
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
    done = QEventLoop()
    QTimer.singleShot(800, done.quit)
    done.exec()
    window.grab().save(args.output)
    print(args.output)
    window.close()
    window.database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

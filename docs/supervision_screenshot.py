"""Make docs/supervision.png: the round view and a task's history at 1366×768.

Run under a virtual display or offscreen::

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/supervision_screenshot.py

A temporary store with seed 004: two rounds opened, sheets exported per lead unit, three units
return theirs (one twice) in the second round, and one task extended on the command line with a
reason; the window shows the second round's status per unit (units that did not return first)
beside the history of the extended task. The two widgets are the ones the main window is to hold
(``gzviewer/ui/round_view.py``, ``gzviewer/ui/history_panel.py``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "supervision.png"
SIZE = (1366, 768)
ROOT = Path(__file__).resolve().parent.parent
ROUNDS = (("2021年第一季度", "2021-04-10"), ("2021年第二季度", "2021-07-10"))


def _fill(path: Path, edits: dict[int, dict[str, str]], target: Path) -> Path:
    import openpyxl

    from gzviewer.export.ledger import HEADER_ID

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    columns = {c.value: c.column for c in sheet[2] if c.value}
    rows = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, columns[HEADER_ID]).value]
    for index, values in edits.items():
        for header, value in values.items():
            sheet.cell(rows[index], columns[header]).value = value
    workbook.save(target)
    return target


def _play(db, folder: Path) -> int:
    """Two rounds; returns the id of the extended task."""
    from gzviewer.export.ledger import HEADER_NOTE, HEADER_PROGRESS, HEADER_STATUS
    from gzviewer.services.rounds import export_round_sheets, import_returned_sheet, open_round
    from gzviewer.store.history import SOURCE_CLI, ChangeSource
    from gzviewer.store.queries import save_review

    def open_and_export(number: int) -> dict[str, Path]:
        name, due = ROUNDS[number - 1]
        with db.session() as session:
            open_round(session, name, due)
            return {r.path.stem: r.path for r in export_round_sheets(session, name, folder / f"r{number}")}

    first = open_and_export(1)
    with db.session() as session:
        path = _fill(first["市发展改革委"], {0: {HEADER_STATUS: "推进中", HEADER_PROGRESS: "一季度完成投资25%"}},
                     folder / "市发展改革委.xlsx")
        import_returned_sheet(session, path, ROUNDS[0][0], user="张三")
    second = open_and_export(2)
    returns = [
        (ROUNDS[1][0], _fill(second["市科技局"], {0: {HEADER_STATUS: "已完成", HEADER_PROGRESS: "规划已印发"}},
                             folder / "市科技局.xlsx"), "张三"),
        (ROUNDS[1][0], _fill(second["市发展改革委"], {0: {HEADER_PROGRESS: "二季度完成投资45%"}},
                             folder / "市发展改革委（第一次）.xlsx"), "张三"),
        (ROUNDS[1][0], _fill(second["市商务局"], {}, folder / "市商务局.xlsx"), "李四"),
    ]
    for round_name, path, user in returns:
        with db.session() as session:
            import_returned_sheet(session, path, round_name, user=user)
    second_return = _fill(second["市发展改革委"], {0: {HEADER_PROGRESS: "二季度完成投资48%（更正）",
                                                       HEADER_NOTE: "数据以统计局为准"}},
                          folder / "市发展改革委（第二次）.xlsx")
    with db.session() as session:
        import_returned_sheet(session, second_return, ROUNDS[1][0], overwrite_conflicts=True, user="张三")
    task_id = 4
    with db.session() as session:
        save_review(session, task_id, due_date="2021-06-30", source=ChangeSource(SOURCE_CLI, user="李四"))
        save_review(session, task_id, due_date="2021-09-30",
                    source=ChangeSource(SOURCE_CLI, user="李四", reason="征地手续延后，经分管领导同意延期"))
    return task_id


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="gzviewer-supervision-"))
    os.environ["GZVIEWER_DATA_DIR"] = str(folder)
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter

    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files
    from gzviewer.ui.fonts import install_application_font
    from gzviewer.ui.history_panel import TaskHistoryPanel
    from gzviewer.ui.round_view import RoundView

    app = QApplication(sys.argv[:1])
    install_application_font(app)
    db = open_database(f"sqlite:///{folder / 'gzviewer.sqlite3'}")
    import_files(db, sorted((ROOT / "resources" / "samples").glob("004_*.txt")))
    task_id = _play(db, folder)

    window = QMainWindow()
    window.setWindowTitle("督办轮次与修改记录")
    splitter = QSplitter(Qt.Orientation.Vertical, window)
    rounds = RoundView(db, splitter)
    rounds.today = date(2021, 7, 15)
    rounds.round_choice.setCurrentText(ROUNDS[1][0])
    history = TaskHistoryPanel(db, splitter)
    history.show_task(task_id)
    splitter.setSizes([470, 298])
    window.setCentralWidget(splitter)
    window.resize(*SIZE)
    window.show()
    done = QEventLoop()
    QTimer.singleShot(600, done.quit)
    done.exec()
    window.grab().save(str(OUTPUT))
    print(OUTPUT)
    window.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A window that makes many edits and exits: ``python -m tests.reliability.window_exit DB EDITS``.

Run in its own process by ``test_messages``: PySide6 6.12.0 on Python 3.11 aborts at interpreter
exit after 62 or more edits (a reference-count bug in the bindings), so the exit status is what
the test checks. Prints the number of edits stored.
"""

from __future__ import annotations

import os
import sys


def main(db_path: str, edits: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QAbstractItemDelegate, QApplication

    from gzviewer.app import create_main_window
    from gzviewer.store.database import open_database
    from gzviewer.ui.models.tasks import COL_PROGRESS, COL_STATUS
    from tests.reliability.store_fixtures import seed_tasks

    url = f"sqlite:///{db_path}"
    database = open_database(url)
    seed_tasks(database, edits)
    database.dispose()
    app = QApplication.instance() or QApplication([])
    window = create_main_window(url, import_samples=False)
    window.show()
    app.processEvents()
    model = window.tasks_tab.model
    assert model.rowCount() >= edits, model.rowCount()
    view = window.tasks_tab.view
    for row in range(edits):
        # As the officer edits: an editor opened by the delegate, typed into and committed.
        column = COL_STATUS if row % 2 else COL_PROGRESS
        index = model.index(row, column)
        view.setCurrentIndex(index)
        view.edit(index)
        app.processEvents()
        editor = view.indexWidget(index) or QApplication.focusWidget()
        if column == COL_PROGRESS:
            editor.setPlainText(f"第{row + 1}次修改") if hasattr(editor, "setPlainText") else editor.setText(
                f"第{row + 1}次修改")
        else:
            editor.setCurrentText("推进中") if hasattr(editor, "setCurrentText") else None
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        app.processEvents()
    stored = sum(1 for row in range(edits) if model.index(row, COL_PROGRESS).data() or row % 2)
    if stored != edits:
        raise SystemExit(f"{stored} of {edits} edits shown")
    window.close()
    app.processEvents()
    print(edits)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))

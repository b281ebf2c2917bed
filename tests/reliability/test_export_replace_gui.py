"""The window asks before an export replaces a file (a unit's returned workbook may be there)."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gzviewer.store.queries import TaskFilter
from gzviewer.ui.exporting import ExportController
from gzviewer.ui.workers import JobRunner
from tests.reliability.store_fixtures import seed_tasks

WAIT_MS = 20_000


def _controller(database) -> tuple[ExportController, QWidget]:
    parent = QWidget()
    return ExportController(database, JobRunner(parent), parent), parent


def _returned_workbook(path) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "单位填写后返回的表格"
    workbook.save(path)
    return path.read_bytes()


def test_split_export_into_a_folder_with_a_returned_workbook_asks_and_keeps_it_on_no(qtbot, database, tmp_path,
                                                                                      monkeypatch):
    seed_tasks(database, 3)
    folder = tmp_path / "分发"
    folder.mkdir()
    returned = _returned_workbook(folder / "市科技局.xlsx")
    questions = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: questions.append(args[2]) or QMessageBox.StandardButton.No)
    controller, parent = _controller(database)
    with qtbot.waitSignal(controller.failed, timeout=WAIT_MS) as blocker:
        controller.ask_export_split(TaskFilter())
    assert len(questions) == 1 and "替换" in questions[0]
    assert "市科技局.xlsx" in blocker.args[0] and "未覆盖" in blocker.args[0]
    assert (folder / "市科技局.xlsx").read_bytes() == returned
    controller.error_box.close()
    # Saying yes replaces it.
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        controller.ask_export_split(TaskFilter())
    assert (folder / "市科技局.xlsx").read_bytes() != returned
    parent.deleteLater()


def test_a_name_completed_with_xlsx_is_asked_about_before_replacing(qtbot, database, tmp_path, monkeypatch):
    seed_tasks(database, 2)
    returned = _returned_workbook(tmp_path / "科技局.xlsx")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "科技局"), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.No)
    controller, parent = _controller(database)
    controller.ask_export_tasks(TaskFilter())
    assert len(asked) == 1 and "科技局.xlsx" in asked[0]
    assert (tmp_path / "科技局.xlsx").read_bytes() == returned
    parent.deleteLater()

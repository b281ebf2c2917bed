"""The main window: layout, names, first start, imports (good and bad), settings, export, fonts."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QFontDatabase
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QSplitter, QWidget

from gzviewer import __version__
from gzviewer.store.queries import ROLE_LEAD, TaskFilter, count_tasks
from gzviewer.ui.about import about_text
from gzviewer.ui.fonts import bundled_font_families
from tests.conftest import SAMPLES
from tests.ui.conftest import document_id_of_seed, reopen

OBJECT_NAMES = ("libraryView", "outlineView", "documentView", "targetsView", "tasksView", "unitFilter",
                "roleFilter", "statusFilter", "searchBox", "taskCountLabel", "unitsView")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_named_widget_exists(window):
    for name in OBJECT_NAMES:
        assert window.findChild(QWidget, name) is not None, name


def test_menus_actions_and_tabs_speak_chinese(window):
    texts = [a.text() for a in window.menuBar().actions()]
    texts += [a.text() for a in window.actions_by_key.values()]
    texts += [window.tabs.tabText(i) for i in range(window.tabs.count())]
    texts += [window.tasks_tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    for text in texts:
        assert CJK.search(text), text
    assert window.tasks_tab.model.headerData(0, Qt.Orientation.Horizontal) == "序号"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own dialog buttons


def test_the_window_opens_on_real_content(window):
    documents = window.library.model.documents
    assert len(documents) == len(list(SAMPLES.glob("*.txt")))
    assert window.document_pane.document_id is not None
    assert window.document_pane.view.toPlainText()
    assert window.tasks_tab.model.rowCount() > 0
    window.tabs.setCurrentWidget(window.units_tab)  # statistics load when the tab is first shown
    assert window.units_tab.model.rowCount() > 0
    assert window.targets_tab.model.rowCount() > 0
    assert "个文件" in window.document_count_label.text()


def test_library_groups_documents_by_year_and_kind(window):
    model = window.library.model
    years = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert years and all(re.match(r"\d{4}年（\d+）|年份不详", y) for y in years)
    first_year = model.index(0, 0)
    kind = model.index(0, 0, first_year)
    assert kind.isValid() and model.rowCount(kind) >= 1


def test_first_start_imports_the_bundled_samples(qtbot, make_window, tmp_path):
    window = make_window(f"sqlite:///{tmp_path / 'empty.sqlite3'}", import_samples=False)
    assert window.library.model.documents == []
    with qtbot.waitSignal(window.samplesImported, timeout=120_000) as blocker:
        assert window.import_samples_if_empty()
        assert window.progress_bar.isVisible()
    results = blocker.args[0]
    assert [r.error for r in results if r.error] == []
    assert len(window.library.model.documents) == len(results) == len(list(SAMPLES.glob("*.txt")))
    assert window.document_pane.document_id is not None
    assert not window.progress_bar.isVisible()
    assert not window.import_samples_if_empty()  # only on an empty store


def test_create_main_window_imports_samples_into_an_empty_store(qtbot, tmp_path):
    from gzviewer.app import create_main_window

    window = create_main_window(f"sqlite:///{tmp_path / 'first.sqlite3'}")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.samplesImported, timeout=120_000):
            pass
        assert window.library.model.documents
    finally:
        window.close()
        window.database.dispose()


def test_a_failed_import_shows_a_message_and_does_not_crash(qtbot, window, tmp_path):
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "二进制.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    before = len(window.library.model.documents)
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as blocker:
        window.import_paths([empty, binary])
    results = blocker.args[0]
    assert len(results) == 2 and all(r.error for r in results)
    box = window.importer.report_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    report = box.text() + box.informativeText()
    assert "空文件.txt" in report and "二进制.txt" in report and "失败 2 个" in report
    assert all("\n" not in r.error and "Traceback" not in r.error for r in results)
    box.close()
    assert len(window.library.model.documents) == before
    assert window.actions_by_key["import"].isEnabled()
    window.tasks_tab.clear_filters()  # still usable
    assert window.tasks_tab.model.rowCount() > 0


def test_a_failure_to_find_task_sources_is_reported_but_is_no_failed_file(qtbot, window, tmp_path,
                                                                          monkeypatch):
    def broken_linker(session):
        raise RuntimeError("测试用的故障")

    monkeypatch.setattr("gzviewer.store.link_queries.link_unlinked_assignments", broken_linker)
    copy = tmp_path / "报告副本.txt"
    copy.write_text(next(SAMPLES.glob("000_*.txt")).read_text(encoding="utf-8") + "\n新增一句。\n",
                    encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        window.import_paths([copy])
    box = window.importer.report_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text().startswith("导入完成") and "失败" not in box.text()
    assert "查找任务出处时出错" in box.informativeText() and "测试用的故障" in box.informativeText()
    assert "未能导入" not in box.informativeText()
    box.close()


def test_dropping_files_imports_them(qtbot, window, tmp_path):
    source = next(SAMPLES.glob("000_*.txt"))
    copy = tmp_path / "拖入的报告.txt"
    copy.write_text(source.read_text(encoding="utf-8") + "\n补充一句新的内容。\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(copy))])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as blocker:
        window.dropEvent(event)
    [result] = blocker.args[0]
    assert result.error is None and result.outcome is not None
    assert "导入完成" in window.statusBar().currentMessage()


def test_import_progress_reaches_the_status_bar(qtbot, window):
    messages = []
    window.importer.progressed.connect(lambda done, total, text: messages.append(text))
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        window.import_paths([next(SAMPLES.glob("001_*.txt"))])
    assert any("正在导入" in m for m in messages)


def test_layout_and_last_document_are_remembered(qtbot, make_window, window):
    document_id = document_id_of_seed(window, "003")
    window.library.select_document(document_id)
    splitter = window.findChild(QSplitter, "mainSplitter")
    splitter.setSizes([300, 500, 640])
    sizes = splitter.sizes()
    window.tabs.setCurrentWidget(window.units_tab)
    reopened = reopen(make_window, window)
    assert reopened.document_pane.document_id == document_id
    assert reopened.findChild(QSplitter, "mainSplitter").sizes() == sizes
    assert reopened.tabs.currentWidget() is reopened.units_tab
    assert reopened.settings.path.startswith(str(__import__("gzviewer.paths").paths.data_dir()))


def test_units_tab_double_click_filters_the_tasks(qtbot, window):
    units = window.units_tab
    window.tabs.setCurrentWidget(units)
    view = window.findChild(QAbstractItemView, "unitsView")
    proxy = view.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "市科技局")
    index = proxy.index(row, 2)  # the 牵头任务 column: filter as lead unit
    view.doubleClicked.emit(index)
    assert window.tabs.currentWidget() is window.tasks_tab
    assert window.tasks_tab.unit_filter.currentText() == "市科技局"
    with window.database.session() as session:
        expected = count_tasks(session, TaskFilter(unit="市科技局", role=ROLE_LEAD))
    assert window.tasks_tab.model.rowCount() == expected == 16
    chart = units.chart
    assert chart.units and chart.units[0].lead >= chart.units[-1].lead
    assert not chart.grab().isNull()


def test_units_statistics_follow_review_edits(qtbot, window):
    tasks = window.tasks_tab
    tasks.set_unit("市科技局", ROLE_LEAD)
    from gzviewer.ui.models.tasks import COL_STATUS

    tasks.model.setData(tasks.model.index(0, COL_STATUS), "已完成")
    window.tabs.setCurrentWidget(window.units_tab)
    summary = next(s for s in window.units_tab.model.summaries if s.name == "市科技局")
    assert summary.done == 1 and summary.statuses["已完成"] == 1
    assert summary.completion_rate == pytest.approx(1 / 16)


def test_export_writes_what_the_table_shows(qtbot, window, tmp_path):
    window.tasks_tab.set_unit("市科技局", ROLE_LEAD)
    path = tmp_path / "科技局.xlsx"
    assert window.actions_by_key["export_tasks"].isEnabled()
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as blocker:
        window.exporter.export_tasks(window.tasks_tab.current_filter(), path)
    assert path.exists() and "16" in blocker.args[0]
    sheet = load_workbook(path).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert sum("市科技局" in c for c in cells) >= 16


def test_export_of_nothing_reports_why(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.exporter.failed, timeout=60_000) as blocker:
        window.exporter.export_tasks(TaskFilter(unit="不存在的单位"), tmp_path / "空.xlsx")
    assert CJK.search(blocker.args[0])
    assert window.exporter.error_box.isVisible()
    window.exporter.error_box.close()


def test_about_names_the_version(window):
    assert __version__ in about_text()
    assert window.actions_by_key["about"].text().startswith("关于")


def test_the_bundled_cjk_font_is_registered_as_fallback(window):
    families = bundled_font_families()
    assert families, "resources/fonts must hold a CJK font"
    assert families[0] in QApplication.font().families()
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(families[0])


def test_closing_during_an_import_is_clean(qtbot, make_window, tmp_path):
    window = make_window(f"sqlite:///{tmp_path / 'closing.sqlite3'}", import_samples=False)
    window.import_paths(sorted(SAMPLES.glob("*.txt")))
    assert window.importer.running
    window.close()  # cancels after the current file and waits for the worker
    assert not window.runner.busy or window.runner.wait(30_000)
    QApplication.processEvents()


def test_drag_enter_accepts_local_files_only(window, tmp_path):
    from PySide6.QtGui import QDragEnterEvent

    def entered(urls) -> bool:
        mime = QMimeData()
        mime.setUrls(urls)
        event = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        event.ignore()
        window.dragEnterEvent(event)
        return event.isAccepted()

    assert entered([QUrl.fromLocalFile(str(tmp_path / "a.docx"))])
    assert not entered([QUrl("https://example.com/a.docx")])


def test_an_imported_table_is_linked_so_a_task_shows_its_report_sentence(qtbot, make_window, tmp_path):
    from gzviewer.ui.models.tasks import COL_TEXT

    window = make_window(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", import_samples=False)
    paths = [next(SAMPLES.glob("004_*.txt")), next(SAMPLES.glob("000_*.txt"))]
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as blocker:
        window.import_paths(paths)
    assert all(result.error is None for result in blocker.args[0])
    report_id = document_id_of_seed(window, "000")
    window.tabs.setCurrentWidget(window.tasks_tab)
    view = window.tasks_tab.view
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    view.setCurrentIndex(view.model().index(0, COL_TEXT))
    assert window.document_pane.document_id == report_id
    assert "原文" in window.statusBar().currentMessage()

"""The links tab (关联分析): uncovered report sentences and unsourced tasks, and indicator timelines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from gzviewer.store.link_queries import indicator_timeline, linked_pairs, report_coverage
from gzviewer.store.models import Document
from gzviewer.ui.draft_pane import DraftPane
from gzviewer.ui.links_tab import COVERAGE_COUNT, TIMELINE_EMPTY, LinksTab
from gzviewer.ui.models.links import COL_SENTENCE, UncoveredSentenceModel
from gzviewer.ui.workers import JobRunner
from tests.ui.conftest import document_id_of_seed, type_text

WAIT_MS = 20_000


def show_links_tab(qtbot, window) -> LinksTab:
    tab = window.links_tab
    with qtbot.waitSignal(tab.coverage_page.coverageShown, timeout=WAIT_MS):
        window.actions_by_key["tab_links"].trigger()
    assert window.tabs.currentWidget() is tab
    return tab


def double_click(qtbot, view, row: int, column: int = 0) -> None:
    """Press then double-click, as a mouse does (the view only reports a double-click on the pressed cell)."""
    view.scrollTo(view.model().index(row, column))
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_links_tab_is_a_main_tab_with_its_action(window):
    tab = window.links_tab
    assert tab.objectName() == "linksTab"
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "关联分析"
    action = window.actions_by_key["tab_links"]
    assert action.text() == "关联分析" and action.shortcut().toString() == "Ctrl+4"
    view_menu = next(m for m in (a.menu() for a in window.menuBar().actions()) if m and m.title().startswith("视图"))
    assert action in view_menu.actions()
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())] == ["未分配的工作", "指标走势", "起草分工表"]


def test_the_draft_page_is_wired_to_the_window(qtbot, window):
    """The draft pane inside the tab gets the library and its row locations reach the document pane."""
    tab = window.links_tab
    pane = tab.pages.widget(2)
    assert isinstance(pane, DraftPane)
    report_id = document_id_of_seed(window, "002")
    assert pane.select_report(report_id)  # the library reached the page through set_documents
    with qtbot.waitSignal(tab.locationRequested, timeout=WAIT_MS):
        pane.locationRequested.emit(report_id, [(0, 4)])
    assert window.document_pane.document_id == report_id


def test_coverage_page_lists_the_stores_uncovered_sentences(qtbot, window):
    tab = show_links_tab(qtbot, window)
    page = tab.coverage_page
    report_id = document_id_of_seed(window, "000")
    assignment_id = document_id_of_seed(window, "004")
    assert page.pair_combo.count() == 1 and page.current_pair() == (report_id, assignment_id)
    assert "←" in page.pair_combo.currentText()
    with window.database.session() as session:
        expected = report_coverage(session, report_id, assignment_id)
    shown = [page.uncovered_model.index(r, COL_SENTENCE).data() for r in range(page.uncovered_model.rowCount())]
    assert shown == [s.text for s in expected.uncovered]
    assert 0 < len(shown) <= 20
    assert page.unsourced_model.rowCount() == 0
    assert page.count_label.text() == COVERAGE_COUNT.format(uncovered=len(shown), unsourced=0)


def test_double_clicking_an_uncovered_sentence_shows_it_in_the_report(qtbot, window):
    page = show_links_tab(qtbot, window).coverage_page
    report_id = document_id_of_seed(window, "000")
    with window.database.session() as session:
        text = session.get(Document, report_id).text
    sentence = page.uncovered_model.index(1, COL_SENTENCE).data()
    with qtbot.waitSignal(window.links_tab.locationRequested, timeout=WAIT_MS) as blocker:
        double_click(qtbot, page.uncovered_view, 1, COL_SENTENCE)
    document_id, spans = blocker.args
    assert document_id == report_id
    [(start, end)] = spans
    assert 0 <= start < end <= len(text) and text[start:end] == sentence
    assert window.document_pane.document_id == report_id  # the main window followed


def test_indicator_page_shows_points_from_several_documents(qtbot, window):
    tab = show_links_tab(qtbot, window)
    page = tab.timeline_page
    tab.pages.setCurrentWidget(page)
    assert "地区生产总值" in page.names.stringList()[:10]  # frequent names come first in the completer
    page.name_edit.setFocus()
    type_text(page.name_edit, "地区生产总值")
    with qtbot.waitSignal(page.timelineShown, timeout=WAIT_MS):
        qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    with window.database.session() as session:
        expected = indicator_timeline(session, "地区生产总值")
    rows = page.model.rowCount()
    assert rows == len(expected) and rows > 1
    documents = {page.model.index(r, 1).data() for r in range(rows)}
    assert len(documents) > 1
    kinds = {page.model.index(r, 2).data() for r in range(rows)}
    assert kinds <= {"目标", "实绩"} and len(kinds) == 2
    assert str(rows) in page.count_label.text()

    with window.database.session() as session:
        point = expected[-1]
        text = session.get(Document, point.document_id).text
    with qtbot.waitSignal(tab.locationRequested, timeout=WAIT_MS) as blocker:
        double_click(qtbot, page.view, rows - 1, 3)
    document_id, [(start, end)] = blocker.args
    assert document_id == point.document_id and text[start:end] == point.sentence


def test_unknown_indicator_shows_the_chinese_empty_message(qtbot, window):
    tab = show_links_tab(qtbot, window)
    page = tab.timeline_page
    tab.pages.setCurrentWidget(page)
    page.name_edit.setText("不存在的指标")
    with qtbot.waitSignal(page.timelineShown, timeout=WAIT_MS):
        page.query_button.click()
    assert page.model.rowCount() == 0
    assert page.count_label.text() == TIMELINE_EMPTY.format(name="不存在的指标")


def test_a_stale_answer_does_not_overwrite_the_newest(qtbot, window):
    tab = show_links_tab(qtbot, window)
    page = tab.timeline_page
    answers = []
    page.timelineShown.connect(lambda name, points: answers.append(name))
    page.query("地区生产总值")
    page.query("不存在的指标")  # asked before the first answer arrived
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    window.runner.wait()
    qtbot.wait(50)
    assert answers == ["不存在的指标"]
    assert page.model.rowCount() == 0


def test_empty_store_shows_the_empty_state(qtbot, database):
    runner = JobRunner()
    tab = LinksTab(database, runner)
    qtbot.addWidget(tab)
    tab.set_documents([])
    tab.show()
    qtbot.waitExposed(tab)
    page = tab.coverage_page
    assert page.stack.currentWidget() is page.empty_label and "责任分工" in page.empty_label.text()
    with database.session() as session:
        assert linked_pairs(session) == []
    runner.wait()


def test_add_page_wires_an_added_page(qtbot, window):
    from PySide6.QtCore import Signal

    class Page(QWidget):
        locationRequested = Signal(int, object)
        statusMessage = Signal(str)

        def __init__(self):
            super().__init__()
            self.documents = None

        def set_documents(self, documents):
            self.documents = documents

    tab = window.links_tab
    page = Page()
    tab.add_page(page, "起草分工表")
    assert tab.pages.tabText(tab.pages.count() - 1) == "起草分工表"
    assert page.documents is not None and len(page.documents) == 5
    with qtbot.waitSignal(tab.locationRequested) as blocker:
        page.locationRequested.emit(7, [(1, 2)])
    assert blocker.args == [7, [(1, 2)]]
    window.refresh()
    assert len(page.documents) == 5


def test_uncovered_model_passes_the_model_tester(qtmodeltester):
    from gzviewer.store.link_queries import UncoveredSentence

    model = UncoveredSentenceModel()
    model.set_result(3, [UncoveredSentence("做好某项工作。", "（一）某部分", 10, 17),
                         UncoveredSentence("推进另一项工作。", None, 20, 28)])
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "—"
